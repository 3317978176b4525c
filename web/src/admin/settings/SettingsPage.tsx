// The organization's settings (GET/PATCH /api/v1/settings): the organization, routing
// (R-2, R-5, R-9, R-11, R-12, R-14), recording (R-26), leads and the screen pop (R-1,
// R-18), and the dispositions and sentiments agents log (R-19). Saves a merge patch of
// what changed; the API's error is shown on the setting it names. The prompts calls play
// follow, each changed on its own (PromptsSection).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../lib/api';
import type { OrganizationSettings } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Button, Field, Select, TextInput, toast } from '../../ui';
import { useFieldErrors } from '../formErrors';
import { ListEditor } from './ListEditor';
import { PromptsSection } from './PromptsSection';
import { draftOf, KNOWN_KEYS, LEAD_SETTINGS, patchOf, ROUTING_SETTINGS, type Draft, type SettingSpec } from './settingsForm';

function SettingField({ spec, value, error, onChange }: { spec: SettingSpec; value: Draft[string]; error: string | null; onChange: (v: boolean | string) => void }) {
  const id = `setting-${spec.key}`;
  const help = [spec.rule, spec.help].filter(Boolean).join(' · ');
  if (spec.kind === 'bool')
    return (
      <div class={`field${error ? ' has-error' : ''}`}>
        <label class="check" for={id}>
          <input type="checkbox" id={id} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />
          {spec.label}
        </label>
        {error ? <div class="field-error" role="alert">{error}</div> : <div class="field-help">{help}</div>}
      </div>
    );
  if (spec.kind === 'choice')
    return (
      <Field label={spec.label} id={id} error={error} help={help}>
        <Select id={id} value={String(value)} options={spec.choices ?? []} onChange={(e) => onChange(e.currentTarget.value)} />
      </Field>
    );
  return (
    <Field label={spec.label} id={id} error={error} help={`${help} · empty: default (${spec.defaultValue})`}>
      <TextInput id={id} inputMode="numeric" value={String(value)} placeholder={String(spec.defaultValue)} onInput={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
}

export function SettingsPage() {
  const loaded = useAsync((signal) => api.get<OrganizationSettings>('/api/v1/settings', undefined, signal), []);
  const [org, setOrg] = useState({ name: '', company_phone: '', default_country: '' });
  const [draft, setDraft] = useState<Draft>({});
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors();
  useEffect(() => {
    if (!loaded.data) return;
    setOrg({ name: loaded.data.name, company_phone: loaded.data.company_phone, default_country: loaded.data.default_country });
    setDraft(draftOf(loaded.data.settings));
  }, [loaded.data]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!loaded.data) return;
    errors.clear();
    const stored = loaded.data;
    const body: Record<string, unknown> = {};
    for (const key of ['name', 'company_phone', 'default_country'] as const) if (org[key] !== stored[key]) body[key] = org[key].trim();
    const patch = patchOf(draft, stored.settings);
    if (Object.keys(patch).length) body.settings = patch;
    if (Object.keys(body).length === 0) {
      toast('Nothing changed');
      return;
    }
    setBusy(true);
    try {
      loaded.setData(await api.patch<OrganizationSettings>('/api/v1/settings', body));
      toast('Settings saved', 'good');
    } catch (err) {
      const field = errors.capture(err);
      const element = field && document.getElementById(field.startsWith('settings.') ? `setting-${field.slice(9)}` : `org-${field}`);
      if (element) element.focus();
    } finally {
      setBusy(false);
    }
  };

  if (loaded.error) return <div class="card"><h1>Settings</h1><p class="field-error">{loaded.error}</p></div>;
  if (!loaded.data) return <div class="loading">Loading…</div>;
  const errorOf = (key: string) => errors.of(`settings.${key}`);
  const set = (key: string, value: Draft[string]) => setDraft((d) => ({ ...d, [key]: value }));
  const others = Object.entries(loaded.data.settings).filter(([key]) => !KNOWN_KEYS.has(key));
  return (
    <div class="stack">
      <form class="stack settings" onSubmit={save} noValidate aria-label="Settings">
        <div class="page-head">
          <div>
            <h1>Settings</h1>
            <p class="muted">Routing uses a change from the next call on.</p>
          </div>
          <Button type="submit" variant="primary" busy={busy}>Save settings</Button>
        </div>
        {errors.errors.general && <p class="field-error" role="alert">{errors.errors.general}</p>}
        <div class="settings-grid">
          <section class="card">
            <h2>Organization</h2>
            <Field label="Name" id="org-name" error={errors.of('name')}>
              <TextInput id="org-name" value={org.name} onInput={(e) => setOrg({ ...org, name: e.currentTarget.value })} />
            </Field>
            <Field label="Company phone" id="org-company_phone" error={errors.of('company_phone')} help="Rung when nobody else answers (R-2.4)">
              <TextInput id="org-company_phone" type="tel" value={org.company_phone} onInput={(e) => setOrg({ ...org, company_phone: e.currentTarget.value })} />
            </Field>
            <Field label="Default country" id="org-default_country" error={errors.of('default_country')} help="For numbers typed without a country code, e.g. US">
              <TextInput id="org-default_country" value={org.default_country} onInput={(e) => setOrg({ ...org, default_country: e.currentTarget.value })} />
            </Field>
          </section>
          <section class="card">
            <h2>Routing and recording</h2>
            {ROUTING_SETTINGS.map((spec) => (
              <SettingField key={spec.key} spec={spec} value={draft[spec.key] ?? ''} error={errorOf(spec.key)} onChange={(v) => set(spec.key, v)} />
            ))}
          </section>
          <section class="card">
            <h2>Leads and screen pop</h2>
            {LEAD_SETTINGS.map((spec) => (
              <SettingField key={spec.key} spec={spec} value={draft[spec.key] ?? ''} error={errorOf(spec.key)} onChange={(v) => set(spec.key, v)} />
            ))}
            <p class="field-help">
              The lead pops for the agent when they answer (R-18); whether the CRM link opens too is each agent's own preference.
              The API has no setting for the screen pop's timing.
            </p>
          </section>
          <section class="card">
            <h2>Call logging</h2>
            <ListEditor id="setting-dispositions" label="Dispositions" items={(draft.dispositions as string[]) ?? []} error={errorOf('dispositions')}
              help="What agents pick after a call (R-19)" onChange={(items) => set('dispositions', items)} />
            <ListEditor id="setting-sentiments" label="Sentiments" items={(draft.sentiments as string[]) ?? []} error={errorOf('sentiments')}
              onChange={(items) => set('sentiments', items)} />
          </section>
          {others.length > 0 && (
            <section class="card">
              <h2>Other stored settings</h2>
              <dl class="kv">
                {others.flatMap(([key, value]) => [
                  <dt key={`${key}-k`}><code>{key}</code></dt>,
                  <dd key={`${key}-v`} class="mono">{JSON.stringify(value)}</dd>,
                ])}
              </dl>
            </section>
          )}
        </div>
      </form>
      {/* Outside the form: each prompt changes on its own, not with "Save settings". */}
      <PromptsSection />
    </div>
  );
}
