import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Tokens and element defaults first, so component styles come after them.
import './styles/tokens.css';
import './styles/base.css';
import { App } from './app/app.tsx';

// Renders the window. Uncaught errors go to the main process's log, where
// the logger redacts them; the page itself never writes to the console.

window.addEventListener('error', (event) => {
  void window.offload?.app.reportError({
    message: String(event.message),
    stack: event.error instanceof Error ? event.error.stack : undefined,
  });
});
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  void window.offload?.app.reportError({
    message: reason instanceof Error ? reason.message : String(reason),
    stack: reason instanceof Error ? reason.stack : undefined,
  });
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
