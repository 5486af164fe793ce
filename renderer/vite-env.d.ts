// Lets TypeScript accept the CSS files components import for Vite to
// extract (and Vite's other client-side module types).
/// <reference types="vite/client" />
