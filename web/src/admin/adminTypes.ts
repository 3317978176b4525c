// The API's JSON shapes that only the admin area reads (docs/openapi.yaml): numbers, call
// flows, groups and the live board. The shared shapes live in lib/types.ts.
import type { AgentState, Id, Timestamp } from '../lib/types';

export interface PhoneNumber {
  id: Id;
  e164: string;
  label: string;
  assigned_user_id: Id | null;
  forwarding_number: string;
  call_flow_id: Id | null;
  created_at: Timestamp;
}

export type NumberWrite = Partial<Omit<PhoneNumber, 'id' | 'created_at'>>;

export const STEP_TYPES = ['owner', 'user', 'group', 'number', 'forwarding', 'company', 'voicemail', 'hangup'] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const STRATEGIES = ['ring_all', 'longest_idle', 'round_robin', 'sequential', 'random'] as const;
export type Strategy = (typeof STRATEGIES)[number];

// One step as the API stores it; user, group and number steps name their target.
export interface CallFlowStep {
  type: StepType;
  strategy?: Strategy;
  ring_timeout?: number;
  confirm?: boolean;
  user_id?: Id;
  group_id?: Id;
  number?: string;
}

export interface CallFlow {
  id: Id;
  name: string;
  steps: CallFlowStep[];
  created_at: Timestamp;
}

// Agents read groups too (the transfer picker), so the shape lives with the shared ones.
export type { Group } from '../lib/types';

export interface BoardCall {
  call_id: Id;
  number: string;
  caller: string;
  lead_id: Id | null;
  connected_user_ids: Id[];
}

export interface Board {
  agents: Array<AgentState | null>;
  calls: BoardCall[];
}
