"use client";

/** The artist's button that opens or closes the witness set-up (SessionPanel and the sliders' controls). */
export function SetupToggle({ open, onToggle }: { open: boolean; onToggle(open: boolean): void }) {
  return (
    <button
      type="button"
      className="setup-toggle"
      aria-expanded={open}
      aria-controls="witness-setup"
      onClick={() => onToggle(!open)}
      title="Locks, names and the witness's sliders on each slider; role links, the face array and the session record"
    >
      {open ? "Close the witness set-up" : "Set up a witness session…"}
    </button>
  );
}
