// The signed-in session: the token from POST /api/v1/login, kept in localStorage so the
// softphone pop-up and other tabs share it, and who it belongs to (GET /api/v1/me).
import type { LoginAnswer, Me } from './types';

const TOKEN_KEY = 'sb.token';

type Listener = () => void;

class Session {
  private listeners = new Set<Listener>();
  private me_: Me | null = null;

  constructor() {
    // Another tab logging in or out changes the token under us.
    window.addEventListener('storage', (e) => {
      if (e.key === TOKEN_KEY) {
        this.me_ = null;
        this.notify();
      }
    });
  }

  token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  }

  me(): Me | null {
    return this.me_;
  }

  setMe(me: Me | null): void {
    this.me_ = me;
    this.notify();
  }

  signedIn(answer: LoginAnswer): void {
    localStorage.setItem(TOKEN_KEY, answer.token);
    this.me_ = null;
    this.notify();
  }

  // The server refused the token (expired or revoked): forget it.
  expired(): void {
    localStorage.removeItem(TOKEN_KEY);
    this.me_ = null;
    this.notify();
  }

  signedOut(): void {
    this.expired();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export const session = new Session();
