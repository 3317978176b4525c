// The API's JSON shapes (docs/openapi.yaml), as the app reads them.

export type Id = string;
export type Timestamp = string;
export type Role = 'agent' | 'admin';
export type DeviceKind = 'sip' | 'browser' | 'ring_through';
export type CallDirection = 'inbound' | 'outbound' | 'transfer' | 'distribution';
export type CallOutcome =
  | 'ringing' | 'connected' | 'completed' | 'no_answer' | 'busy' | 'cancelled' | 'failed' | 'voicemail'
  | 'interrupted';
export type OfferStatus = 'ringing' | 'accepted' | 'declined' | 'no_answer' | 'cancelled' | 'taken_by_other' | 'failed';

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface User {
  id: Id;
  email: string;
  name: string;
  role: Role;
  availability: 'available' | 'unavailable';
  availability_reason: string;
  assigned_number_id: string | null;
  ring_through_number: string;
  caller_id: string;
  cool_down_seconds: number | null;
  answer_methods: DeviceKind[];
  attributes: Record<string, unknown>;
  has_password: boolean;
  created_at: Timestamp;
}

export type AgentStatus = 'unavailable' | 'unreachable' | 'on_call' | 'cool_down' | 'available';

export interface AgentState {
  user_id: Id;
  name: string;
  status: AgentStatus;
  available: boolean;
  unavailable_reason: string;
  reachable: boolean;
  devices: number;
  on_call: boolean;
  cool_down_until: Timestamp | null;
  missed_in_row: number;
}

export interface UserWithState extends User {
  state: AgentState | null;
}

export interface Me {
  user: UserWithState | null;
  role: Role;
  via?: 'SWITCHBOARD_ADMIN_TOKEN';
}

export interface LoginAnswer {
  token: string;
  expires_at: Timestamp;
  user: User;
}

export interface Device {
  id: Id;
  user_id: Id;
  kind: DeviceKind;
  sip_username: string;
  sip_password: string;
  created_at: Timestamp;
}

export interface SoftphoneCredentials {
  websocket_url: string;
  sip_uri: string;
  authorization_user: string;
  password: string;
  display_name: string;
  device_id: Id;
}

export interface Call {
  id: Id;
  direction: CallDirection;
  number: string;
  caller: string;
  lead_id: Id | null;
  outcome: CallOutcome;
  answered_by_user_id: Id | null;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  talk_seconds: number | null;
  end_reason: string;
  disposition: string | null;
  sentiment: string | null;
  notes: string;
  logged_by_user_id: Id | null;
  logged_at: Timestamp | null;
}

export interface Offer {
  id: Id;
  user_id: Id;
  device_id: Id | null;
  status: OfferStatus;
  created_at: Timestamp;
  ended_at: Timestamp | null;
  reason: string;
}

export interface TraceEntry {
  seq: number;
  at: Timestamp;
  user_id: Id | null;
  action: string;
  reason: string;
}

export interface CallDetail extends Call {
  offers: Offer[];
  trace: TraceEntry[];
  recording_url: string | null;
}

export interface CallLog {
  notes?: string;
  disposition?: string;
  sentiment?: string;
}

export interface Lead {
  id: Id;
  name: string;
  company: string;
  title: string;
  email: string;
  owner_user_id: Id | null;
  status: string;
  crm_url: string;
  attributes: Record<string, unknown>;
  phones: string[];
  created_at: Timestamp;
}

export type LeadWrite = Partial<Omit<Lead, 'id' | 'created_at'>>;

export interface FollowUp {
  id: Id;
  caller: string;
  lead_id: Id | null;
  assigned_user_id: Id | null;
  status: 'open' | 'closed';
  reason: 'missed' | 'voicemail';
  missed_calls: number;
  last_call_id: Id;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by_call_id: Id | null;
}

export interface Voicemail {
  id: Id;
  call_id: Id;
  lead_id: Id | null;
  duration_ms: number;
  created_at: Timestamp;
  recording_url: string;
}

export interface Settings {
  dispositions?: string[];
  sentiments?: string[];
  [key: string]: unknown;
}

export interface OrganizationSettings {
  name: string;
  company_phone: string;
  default_country: string;
  settings: Settings;
}

// --- events (R-27) ---

export interface OfferSummary {
  call_id: Id;
  offer_id: Id;
  user_id: Id;
  offered_at: Timestamp;
  direction?: CallDirection;
  number?: string;
  caller?: { number: string; name: string | null };
  started_at?: Timestamp;
  lead?: {
    id: Id;
    name: string;
    title: string;
    company: string;
    owner: { id: Id; name: string } | null;
    crm_url: string;
  } | null;
  last_contact_at?: Timestamp | null;
  transfer_from?: { user_id: Id; name: string }; // set when a colleague transfers the call to this user
}

export interface OfferWithdrawn {
  call_id: Id;
  offer_id: Id;
  user_id: Id;
  status: OfferStatus;
  reason: string;
  taken_by: { user_id: Id; name: string } | null;
}

export interface CallAccepted {
  call_id: Id;
  user_id: Id;
  user_name: string;
  accepted_at: Timestamp;
  lead: Lead | null;
}

// --- transfers (R-17) ---

export type TransferTargetKind = 'user' | 'group' | 'number';

export interface TransferTarget {
  kind: TransferTargetKind;
  id: Id | null;
  number: string | null;
  name: string | null;
}

export type TransferFailure = 'declined' | 'no_answer' | 'failed' | 'cancelled';

// The body of POST /api/v1/calls/{id}/transfer: exactly one of user_id, group_id, number.
export type TransferRequest =
  | { user_id: Id; ring_timeout_seconds?: number }
  | { group_id: Id; ring_timeout_seconds?: number }
  | { number: string; ring_timeout_seconds?: number };

export interface TransferAnswer {
  transfer: {
    call_id: Id;
    status: 'ringing';
    by_user_id: Id;
    target: TransferTarget;
    ring_timeout_seconds: number;
  };
}

export interface TransferStarted {
  call_id: Id;
  by_user_id: Id;
  target: TransferTarget;
  ring_timeout_seconds?: number;
}

export interface CallTransferred {
  call_id: Id;
  from_user_id: Id | null; // null: an admin token transferred it
  to_user_id: Id | null; // null: a number took it
  to_name: string;
}

export interface TransferFailed {
  call_id: Id;
  by_user_id: Id;
  target: TransferTarget;
  reason: TransferFailure;
}

export interface Group {
  id: Id;
  name: string;
  member_ids: Id[];
  filter: string;
  created_at: Timestamp;
}

export interface EventDataByType {
  'call.started': { call: Call };
  'call.offered': OfferSummary;
  'call.offer_withdrawn': OfferWithdrawn;
  'call.accepted': CallAccepted;
  'call.ended': { call: Call };
  'call.logged': { call: Call };
  'call.transfer_started': TransferStarted;
  'call.transferred': CallTransferred;
  'call.transfer_failed': TransferFailed;
  'voicemail.left': { voicemail: Voicemail };
  'follow_up.updated': Record<string, unknown> & { status: 'open' | 'closed'; caller: string; lead_id: Id | null };
  'user.availability': { user_id: Id; available: boolean; reason: string };
  'user.cool_down': { user_id: Id; until: Timestamp | null };
  'lead.assigned': { lead: Lead; user_id: Id };
}

export type EventType = keyof EventDataByType;

export interface SwitchboardEvent<K extends EventType = EventType> {
  id: number;
  type: K;
  at: Timestamp;
  data: EventDataByType[K];
}
