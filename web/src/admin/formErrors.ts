// Puts the API's errors on the form field they name. The API's `field` is a body
// field ("email"), a path into it ("steps[2].group_id"), or "settings" with the key in
// the message ("settings.ring_timeout_seconds: must be at least 1"): the most precise
// name wins, and the message is shown without the name repeated.
import { useState } from 'preact/hooks';
import { ApiError, describeError } from '../lib/api';

export interface FieldErrors {
  byField: Record<string, string>;
  general: string | null;
}

const NAMED_MESSAGE = /^([A-Za-z_][\w.[\]]*): (.*)$/s;

// {field, message} for an error: the message's own prefix when it refines the field.
export function placeError(error: unknown): { field: string | null; message: string } {
  if (!(error instanceof ApiError)) return { field: null, message: describeError(error) };
  const named = NAMED_MESSAGE.exec(error.message);
  if (named && (!error.field || named[1] === error.field || named[1].startsWith(`${error.field}.`) || named[1].startsWith(`${error.field}[`)))
    return { field: named[1], message: named[2] };
  return { field: error.field || null, message: error.message };
}

export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({ byField: {}, general: null });
  return {
    errors,
    of: (field: string): string | null => errors.byField[field] ?? null,
    clear: () => setErrors({ byField: {}, general: null }),
    // Shows the error on its field; returns the field so the caller can focus it.
    capture: (error: unknown, knownFields: string[] = []): string | null => {
      const { field, message } = placeError(error);
      if (field && (knownFields.length === 0 || knownFields.includes(field) || knownFields.some((k) => field.startsWith(k)))) {
        setErrors({ byField: { [field]: message }, general: null });
        return field;
      }
      setErrors({ byField: {}, general: field ? `${field}: ${message}` : message });
      return null;
    },
  };
}
