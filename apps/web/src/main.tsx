/**
 * The entry: small on purpose. It asks the server for the overview's figures at once
 * (early.ts), then loads the app (React, the router, the views) while the server works.
 */
import './early.ts';
import './styles/index.css';

const root = document.getElementById('root');
if (root) void import('./app.tsx').then(({ mountApp }) => mountApp(root));
