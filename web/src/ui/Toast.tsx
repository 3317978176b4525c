// Short-lived messages in a corner ("Saved", errors); toast() from anywhere, one
// <Toasts/> in the layout shows them. Announced politely to screen readers.
import { useEffect, useState } from 'preact/hooks';

export type ToastTone = 'info' | 'good' | 'bad';
interface ToastItem {
  id: number;
  text: string;
  tone: ToastTone;
}

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function changed(): void {
  for (const l of [...listeners]) l();
}

export function toast(text: string, tone: ToastTone = 'info', ms = 4000): void {
  const item = { id: nextId++, text, tone };
  items = [...items, item];
  changed();
  window.setTimeout(() => {
    items = items.filter((i) => i.id !== item.id);
    changed();
  }, ms);
}

export function Toasts() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {items.map((i) => (
        <div key={i.id} class={`toast toast-${i.tone}`}>
          {i.text}
        </div>
      ))}
    </div>
  );
}
