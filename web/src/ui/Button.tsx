// Buttons: primary for the one main action on a screen, secondary, danger and ghost.
import type { JSX } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'success' | 'ghost';

type Props = JSX.IntrinsicElements['button'] & {
  variant?: ButtonVariant;
  size?: 'sm' | 'md' | 'lg';
  busy?: boolean;
};

export function Button({ variant = 'secondary', size = 'md', busy, class: cls, disabled, type = 'button', children, ...rest }: Props) {
  return (
    <button
      type={type}
      class={`btn btn-${variant} btn-${size}${busy ? ' is-busy' : ''}${cls ? ` ${cls}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy ? 'true' : undefined}
      {...rest}
    >
      {children}
    </button>
  );
}
