export default function NotFound() {
  return (
    <main className="notfound">
      <h1>Room not found</h1>
      <p>This room link does not lead to a room. Check that you copied the whole link, or start a new room.</p>
      <p>
        <a href="/">Create a room</a>
      </p>
    </main>
  );
}
