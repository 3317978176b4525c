// The agent's own choices, kept in this browser (localStorage).
const KEY = 'sb.preferences';

export interface Preferences {
  openCrmOnAnswer: boolean; // open the lead's CRM link in a new tab on answer
  desktopNotifications: boolean; // notify through the OS when the tab is hidden
  ringtone: boolean;
}

const DEFAULTS: Preferences = { openCrmOnAnswer: false, desktopNotifications: true, ringtone: true };

export function loadPreferences(): Preferences {
  try {
    return { ...DEFAULTS, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>) };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePreferences(preferences: Preferences): void {
  localStorage.setItem(KEY, JSON.stringify(preferences));
}
