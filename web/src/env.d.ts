// Types of what Vite provides to the web app: CSS imports, import.meta.env.
/// <reference types="vite/client" />
