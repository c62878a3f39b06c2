/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the custom server (server/) owns the process; Next.js renders the pages
  typedRoutes: false,
  // one copy of Yjs in the process: the custom server and the pages share node_modules'
  serverExternalPackages: ["yjs", "y-protocols", "y-websocket", "lib0"],
};

export default nextConfig;
