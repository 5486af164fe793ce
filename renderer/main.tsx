import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// The console's screens arrive with the UI issue; until then the renderer
// only proves that the build, CSP and module boundaries hold.
function App() {
  return (
    <main>
      <h1>Offload Console</h1>
      <p>The case list arrives with the console UI.</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
