// The agent's own preferences, kept in this browser: the CRM tab on answer, desktop
// notifications and the ringtone.
import { useState } from 'preact/hooks';
import { loadPreferences, savePreferences, type Preferences } from '../lib/preferences';
import { Button, toast } from '../ui';
import { startRinging, stopRinging } from './ringtone';

function Toggle({ label, help, checked, onChange }: { label: string; help: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label class="toggle-row">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span><strong>{label}</strong><br /><span class="muted">{help}</span></span>
    </label>
  );
}

export function PreferencesPage() {
  const [prefs, setPrefs] = useState<Preferences>(loadPreferences());
  const change = (patch: Partial<Preferences>) => {
    const next = { ...prefs, ...patch };
    setPrefs(next);
    savePreferences(next);
    toast('Saved', 'good', 1500);
  };
  const permission = 'Notification' in window ? Notification.permission : 'unsupported';
  return (
    <div class="stack narrow">
      <div class="page-head"><h1>Preferences</h1></div>
      <section class="card stack">
        <Toggle label="Open the CRM in a new tab when I answer" help="When the caller's lead has a CRM link." checked={prefs.openCrmOnAnswer}
          onChange={(v) => change({ openCrmOnAnswer: v })} />
        <Toggle label="Desktop notifications" help="Show incoming calls when this tab is in the background." checked={prefs.desktopNotifications}
          onChange={(v) => change({ desktopNotifications: v })} />
        {permission === 'default' && <Button onClick={() => void Notification.requestPermission()}>Allow notifications in this browser</Button>}
        {permission === 'denied' && <p class="field-error">This browser blocks notifications for this site: allow them in the site settings.</p>}
        <Toggle label="Ringtone" help="Ring in this tab while a call is offered to me." checked={prefs.ringtone} onChange={(v) => change({ ringtone: v })} />
        <div><Button onClick={() => { startRinging(); window.setTimeout(stopRinging, 2500); }}>Test ringtone</Button></div>
      </section>
    </div>
  );
}
