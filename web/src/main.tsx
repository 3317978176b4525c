// Entry point: styles and the app.
import { render } from 'preact';
import './ui/styles.css';
import './app/layout.css';
import { App } from './app/App';

render(<App />, document.getElementById('root')!);
