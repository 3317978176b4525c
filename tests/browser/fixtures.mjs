// The people, numbers and leads the agent app's browser tests share, provisioned through
// the API on a fresh server.
import { PROSPECT } from './harness.mjs';

export const ALICE_NUMBER = '+15550100001';
export const BOB_NUMBER = '+15550100002';
export const TEAM_NUMBER = '+15550100009';
export const STRANGER = '+15557770123';

export const DISPOSITIONS = ['Interested', 'Not interested', 'Call back'];
export const SENTIMENTS = ['Positive', 'Neutral', 'Negative'];

// Alice (number ALICE_NUMBER) and Bob (BOB_NUMBER); the lead Pat Prospect (PROSPECT),
// owned by Bob; TEAM_NUMBER rings both at once (a ring-all group step). Unknown callers
// get no automatic lead, so the "Incoming call" form is what creates one.
export async function provisionTeam(harness) {
  await harness.settings({
    dispositions: DISPOSITIONS,
    sentiments: SENTIMENTS,
    create_lead_for_unknown_caller: 'never',
    cool_down_seconds: 0,
    missed_offers_before_unavailable: 0,
  });
  const alice = await harness.addAgent({ email: 'alice@example.test', name: 'Alice Archer', number: ALICE_NUMBER });
  const bob = await harness.addAgent({ email: 'bob@example.test', name: 'Bob Baker', number: BOB_NUMBER });
  const lead = await harness.addLead({
    name: 'Pat Prospect', company: 'Acme Widgets', title: 'Head of Purchasing', email: 'pat@acme.test',
    phones: [PROSPECT], owner_user_id: bob.id, crm_url: 'https://crm.example.test/leads/42',
  });
  const group = await harness.api('POST', '/api/v1/groups', { name: 'Sales', member_ids: [alice.id, bob.id] });
  const flow = await harness.api('POST', '/api/v1/call-flows', {
    name: 'Team line', steps: [{ type: 'group', group_id: group.id, strategy: 'ring_all', ring_timeout: 30 }],
  });
  await harness.api('POST', '/api/v1/numbers', { e164: TEAM_NUMBER, label: 'Team line', call_flow_id: flow.id });
  return { alice, bob, lead };
}

// The stored call (GET /api/v1/calls/{id}) for the only call from `caller`, once it has
// `outcome` ... or any outcome when not given.
export async function callFrom(harness, caller) {
  const page = await harness.api('GET', `/api/v1/calls?phone=${encodeURIComponent(caller.replace('+', ''))}&limit=5`);
  return page.items[0] ? harness.api('GET', `/api/v1/calls/${page.items[0].id}`) : null;
}
