// The component library: import from 'ui' rather than the single files.
export { Button } from './Button';
export type { ButtonVariant } from './Button';
export { Field, TextInput, Select, fieldId } from './Field';
export { Badge } from './Badge';
export type { Tone } from './Badge';
export { Table } from './Table';
export type { Column } from './Table';
export { Dialog } from './Dialog';
export { Tabs } from './Tabs';
export { toast, Toasts } from './Toast';
