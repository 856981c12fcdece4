import { render } from 'solid-js/web';
import '@homelab/nats/ui/base.css';
import '@homelab/nats/ui/bots.css';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
render(() => <App />, root);
