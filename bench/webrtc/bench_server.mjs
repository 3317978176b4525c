// The Switchboard under test for bench/webrtc: a Release build started on a temp data dir
// with --no-demo, SIP over UDP and over WebSocket, the HTTP API serving the built web app,
// the trunk 127.0.0.2 (any port, so each caller may use its own) and an admin token from
// the environment. Agents are provisioned through the API. Processes are the browser
// harness's (tests/browser/harness.mjs): output in files, stopped by PID.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Process, ROOT, SERVER_IP, TRUNK_IP, freePort, waitFor, HarnessError } from '../../tests/browser/harness.mjs';

const READY_TIMEOUT_MS = 30_000;

export function agentNumber(n) {
  return `+1555020${String(n).padStart(4, '0')}`;
}

export class BenchServer {
  constructor({ binary, workdir, webRoot, logLevel = 'warn', mediaThreads = 1 }) {
    this.binary = path.resolve(binary);
    this.workdir = workdir;
    this.webRoot = webRoot;
    this.logLevel = logLevel;
    this.mediaThreads = mediaThreads;
    this.adminToken = `bench-webrtc-${randomBytes(16).toString('hex')}`;
    this.process = null;
  }

  get apiUrl() {
    return `http://${SERVER_IP}:${this.httpPort}`;
  }

  get sipAddress() {
    return `${SERVER_IP}:${this.sipPort}`;
  }

  get pid() {
    return this.process?.pid;
  }

  cli(args) {
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new HarnessError(`switchboard ${args.join(' ')} failed: ${stdout}${stderr}`)) : resolve(stdout));
    });
  }

  async start() {
    if (!fs.existsSync(this.binary)) throw new HarnessError(`no server binary at ${this.binary}: build it in build/bench`);
    if (!fs.existsSync(path.join(this.webRoot, 'index.html'))) throw new HarnessError(`no built web app in ${this.webRoot}`);
    this.sipPort = await freePort(SERVER_IP);
    this.wsPort = await freePort(SERVER_IP);
    this.httpPort = await freePort(SERVER_IP);
    const dataDir = path.join(this.workdir, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    const organization = path.join(this.workdir, 'organization.json');
    fs.writeFileSync(organization, JSON.stringify({ organization: { name: 'WebRTC bench company', default_country: 'US' } }));
    await this.cli(['provision', '--data-dir', dataDir, organization]);
    const argv = [this.binary, 'serve', '--data-dir', dataDir, '--sip', this.sipAddress,
      '--sip-ws', `${SERVER_IP}:${this.wsPort}`, '--http', `${SERVER_IP}:${this.httpPort}`,
      '--trunk', TRUNK_IP, '--no-demo', '--log-level', this.logLevel, '--web-root', this.webRoot,
      '--media-threads', String(this.mediaThreads)];
    const env = { ...process.env, SWITCHBOARD_ADMIN_TOKEN: this.adminToken };
    this.process = new Process('switchboard', argv, { workdir: this.workdir, env });
    await waitFor(() => {
      if (this.process.stdout().split('\n').some((line) => line.startsWith('switchboard ready'))) return true;
      if (!this.process.alive()) throw new HarnessError(`switchboard exited ${this.process.exitCode} before ready\n${this.process.excerpt()}`);
      return false;
    }, READY_TIMEOUT_MS, "the 'switchboard ready' line");
  }

  async stop() {
    if (this.process) await this.process.stop();
  }

  async request(method, urlPath, body, { accept = 'json' } = {}) {
    const response = await fetch(this.apiUrl + urlPath, {
      method,
      headers: { Authorization: `Bearer ${this.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new HarnessError(`${method} ${urlPath} answered ${response.status}: ${text}`);
    return accept === 'json' ? (text ? JSON.parse(text) : null) : text;
  }

  // Settings for a bench: no cool-down and no "unavailable after missed offers", so every
  // agent stays available for the next call.
  async configure() {
    await this.request('PATCH', '/api/v1/settings', { settings: { cool_down_seconds: 0, missed_offers_before_unavailable: 0 } });
  }

  // Agent `n` (1-based) who can log in, with their own number.
  async addAgent(n) {
    const email = `agent${String(n).padStart(2, '0')}@webrtc-bench.test`;
    const name = `Agent ${String(n).padStart(2, '0')}`;
    const password = `bench password ${n}`;
    const number = agentNumber(n);
    const user = await this.request('POST', '/api/v1/users', { email, name, password, role: 'agent', cool_down_seconds: 0 });
    await this.request('POST', '/api/v1/numbers', { e164: number, label: `${name}'s line`, assigned_user_id: user.id });
    return { ...user, email, password, number, n };
  }

  async addDevice(userId, username, password) {
    return this.request('POST', `/api/v1/users/${userId}/devices`, { kind: 'sip', sip_username: username, sip_password: password });
  }

  async endCall(callId) {
    return this.request('POST', `/api/v1/calls/${encodeURIComponent(callId)}/end`);
  }

  async metrics() {
    return this.request('GET', '/metrics', undefined, { accept: 'text' });
  }
}

export { ROOT, SERVER_IP, TRUNK_IP };
