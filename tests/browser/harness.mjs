// Drives the real Switchboard server, SIPp callers and headless Chromium for the browser
// tests (node --test tests/browser). Every process is started here, tracked by PID and
// stopped by PID (SIGTERM, then SIGKILL after a bound); nothing sleeps to wait for an
// event: waitFor() polls a condition against a deadline. Loopback only: the server and
// phones on 127.0.0.1, the trunk (the callers) on 127.0.0.2.
import { spawn, execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const SCENARIOS = path.join(ROOT, 'tests', 'e2e', 'scenarios');
export const ARTIFACTS = path.join(ROOT, 'tests', 'e2e', 'artifacts', 'browser');
export const CHROMIUM = process.env.SB_CHROMIUM ?? '/usr/bin/chromium';
export const SERVER_IP = '127.0.0.1';
export const TRUNK_IP = '127.0.0.2';
export const PROSPECT = '+15559870000';

const READY_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 10_000;
const POLL_MS = 25;

// playwright-core is a devDependency of web/, installed by `npm ci` there.
const requireFromWeb = createRequire(path.join(ROOT, 'web', 'package.json'));
const { chromium } = requireFromWeb('playwright-core');

export class HarnessError extends Error {}

// Polls `condition` (sync or async) until it returns a truthy value, or throws after
// `timeoutMs` saying what was awaited.
export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() >= deadline) throw new HarnessError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// --- ports ---------------------------------------------------------------

const handedOut = new Set();

function bindTcp(ip, port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen({ host: ip, port, exclusive: true }, () => {
      const bound = server.address().port;
      server.close(() => resolve(bound));
    });
  });
}

function bindUdp(ip, port) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind({ address: ip, port, exclusive: true }, () => {
      const bound = socket.address().port;
      socket.close(() => resolve(bound));
    });
  });
}

// A port free for both TCP and UDP on `ip`, never handed out twice in this process.
export async function freePort(ip = SERVER_IP) {
  for (let i = 0; i < 200; i++) {
    const port = await bindUdp(ip, 0);
    if (!port || handedOut.has(`${ip}:${port}`)) continue;
    if ((await bindTcp(ip, port)) !== port) continue;
    handedOut.add(`${ip}:${port}`);
    return port;
  }
  throw new HarnessError(`no free TCP+UDP port on ${ip}`);
}

// --- processes -----------------------------------------------------------

// A child process with its output in files under the work dir, stopped by its PID.
export class Process {
  constructor(name, argv, { workdir, env, cwd } = {}) {
    this.name = name;
    this.argv = argv;
    this.stdoutPath = path.join(workdir, `${name}.stdout`);
    this.stderrPath = path.join(workdir, `${name}.stderr`);
    const out = fs.openSync(this.stdoutPath, 'w');
    const err = fs.openSync(this.stderrPath, 'w');
    this.child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', out, err], env: env ?? process.env, cwd: cwd ?? workdir });
    fs.closeSync(out);
    fs.closeSync(err);
    this.pid = this.child.pid;
    this.exitCode = null;
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? 128 : -1);
        resolve(this.exitCode);
      });
      this.child.once('error', (e) => {
        this.spawnError = e;
        this.exitCode = -1;
        resolve(-1);
      });
    });
  }

  alive() {
    return this.exitCode === null;
  }

  stdout() {
    return fs.existsSync(this.stdoutPath) ? fs.readFileSync(this.stdoutPath, 'utf8') : '';
  }

  stderr() {
    return fs.existsSync(this.stderrPath) ? fs.readFileSync(this.stderrPath, 'utf8') : '';
  }

  async wait(timeoutMs) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new HarnessError(`${this.name} (pid ${this.pid}) still running after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  signal(sig) {
    try {
      process.kill(this.pid, sig);
    } catch {
      // Already gone.
    }
  }

  // SIGTERM, then SIGKILL after `graceMs`; returns the exit code.
  async stop(graceMs = STOP_GRACE_MS) {
    if (this.alive()) {
      this.signal('SIGTERM');
      try {
        await this.wait(graceMs);
      } catch {
        this.signal('SIGKILL');
        await this.wait(graceMs);
      }
    }
    return this.exitCode;
  }

  excerpt(lines = 60) {
    const tail = (text) => text.split('\n').slice(-lines).join('\n');
    return `--- ${this.name}.stdout ---\n${tail(this.stdout())}\n--- ${this.name}.stderr ---\n${tail(this.stderr())}`;
  }
}

// --- SIPp ----------------------------------------------------------------

// One SIPp instance running a scenario: a file name in tests/e2e/scenarios, or a path.
export class Sipp {
  constructor(harness, name, scenario, { localIp, localPort, remote, service, keys = {}, pauseMs = 0, timeoutS = 30, mediaPort }) {
    this.name = name;
    this.localIp = localIp;
    this.localPort = localPort;
    this.timeoutS = timeoutS;
    this.messageFile = path.join(harness.workdir, `${name}.messages`);
    this.errorFile = path.join(harness.workdir, `${name}.errors`);
    const argv = ['sipp', '-sf', path.isAbsolute(scenario) ? scenario : path.join(SCENARIOS, scenario), '-i', localIp, '-p', String(localPort), '-t', 'u1',
      '-bind_local', '-nostdin', '-m', '1', '-d', String(pauseMs), '-timeout', `${timeoutS}s`, '-timeout_error',
      '-trace_err', '-error_file', this.errorFile, '-trace_msg', '-message_file', this.messageFile];
    if (service) argv.push('-s', service);
    // Where SIPp plays pcap audio from ([media_port] in its SDP).
    if (mediaPort) argv.push('-mi', localIp, '-mp', String(mediaPort));
    const allKeys = { sdp_port: '40000', caller: PROSPECT, expires: '3600', ...keys };
    for (const [key, value] of Object.entries(allKeys)) argv.push('-key', key, String(value));
    if (remote) argv.push(remote);
    this.process = harness.track(new Process(name, argv, { workdir: harness.workdir }));
  }

  messages() {
    return fs.existsSync(this.messageFile) ? fs.readFileSync(this.messageFile, 'utf8') : '';
  }

  errors() {
    return fs.existsSync(this.errorFile) ? fs.readFileSync(this.errorFile, 'utf8') : '';
  }

  // Resolves with SIPp's exit code: 0 when every call succeeded.
  wait(timeoutMs = (this.timeoutS + 10) * 1000) {
    return this.process.wait(timeoutMs);
  }

  async expectSuccess(timeoutMs) {
    const code = await this.wait(timeoutMs);
    if (code !== 0) throw new HarnessError(`${this.name} exited ${code}\n${this.errors()}\n${this.process.excerpt(30)}`);
  }

  // For a UAS: resolves once its UDP port is taken (SIPp bound it).
  async listening(timeoutMs = 10_000) {
    await waitFor(async () => {
      if (!this.process.alive()) throw new HarnessError(`${this.name} exited early\n${this.process.excerpt(30)}`);
      return (await bindUdp(this.localIp, this.localPort)) === null;
    }, timeoutMs, `${this.name} to listen on ${this.localIp}:${this.localPort}`);
    return this;
  }
}

// --- the harness ---------------------------------------------------------

export class Harness {
  constructor(name) {
    this.name = name;
    this.workdir = fs.mkdtempSync(path.join(os.tmpdir(), `sb-browser-${name}-`));
    this.processes = [];
    this.browsers = [];
    this.adminToken = `sb-admin-${randomBytes(16).toString('hex')}`;
    this.binary = process.env.SWITCHBOARD_BIN ?? path.join(ROOT, 'build', 'test', 'switchboard');
    this.webRoot = process.env.SB_WEB_ROOT ?? path.join(ROOT, 'web', 'dist');
    this.sipp = 0;
    this.desks = 0;
    this.deskPhones = []; // not yet retired
  }

  track(process) {
    this.processes.push(process);
    return process;
  }

  // Starts `switchboard serve` on free loopback ports and waits for its ready line.
  async start({ extraArgs = [] } = {}) {
    if (!fs.existsSync(this.binary)) throw new HarnessError(`no server binary at ${this.binary} (set SWITCHBOARD_BIN)`);
    if (!fs.existsSync(path.join(this.webRoot, 'index.html'))) throw new HarnessError(`no built app in ${this.webRoot}: run make web`);
    this.sipPort = await freePort(SERVER_IP);
    this.wsPort = await freePort(SERVER_IP);
    this.httpPort = await freePort(SERVER_IP);
    this.trunkPort = await freePort(TRUNK_IP);
    const dataDir = path.join(this.workdir, 'data');
    fs.mkdirSync(dataDir);
    // The organization exists before the API can change its settings (no demo data).
    const provision = path.join(this.workdir, 'organization.json');
    fs.writeFileSync(provision, JSON.stringify({ organization: { name: 'Browser test company', default_country: 'US' } }));
    await this.cli(['provision', '--data-dir', dataDir, provision]);
    const argv = [this.binary, 'serve', '--data-dir', dataDir, '--sip', `${SERVER_IP}:${this.sipPort}`,
      '--sip-ws', `${SERVER_IP}:${this.wsPort}`, '--http', `${SERVER_IP}:${this.httpPort}`,
      '--trunk', `${TRUNK_IP}:${this.trunkPort}`, '--log-level', 'debug', '--no-demo', ...extraArgs];
    // SB_WEB_VIA_VITE=1: the app from `vite preview` proxying to the server, for a server
    // built without the web app's route; normally the server serves it (--web-root).
    if (!this.viaVite) argv.push('--web-root', this.webRoot);
    const env = { ...process.env, SWITCHBOARD_ADMIN_TOKEN: this.adminToken };
    this.server = this.track(new Process('switchboard', argv, { workdir: this.workdir, env }));
    await waitFor(() => {
      if (this.server.stdout().split('\n').some((line) => line.startsWith('switchboard ready'))) return true;
      if (!this.server.alive()) throw new HarnessError(`switchboard exited ${this.server.exitCode} before ready\n${this.server.excerpt()}`);
      return false;
    }, READY_TIMEOUT_MS, "the 'switchboard ready' line");
    if (this.viaVite) await this.startVitePreview();
    return this;
  }

  // Runs the server binary's command line (`switchboard provision ...`) to completion.
  cli(args) {
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { timeout: 30_000 }, (error, stdout, stderr) =>
        error ? reject(new HarnessError(`switchboard ${args.join(' ')} failed: ${stdout}${stderr}`)) : resolve(stdout));
    });
  }

  get viaVite() {
    return process.env.SB_WEB_VIA_VITE === '1';
  }

  async startVitePreview() {
    this.previewPort = await freePort(SERVER_IP);
    const vite = path.join(ROOT, 'web', 'node_modules', 'vite', 'bin', 'vite.js');
    this.preview = this.track(new Process('vite-preview', [process.execPath, vite, 'preview', '--host', SERVER_IP, '--port', String(this.previewPort), '--strictPort'],
      { workdir: this.workdir, cwd: path.join(ROOT, 'web'), env: { ...process.env, SB_API: this.apiUrl } }));
    await waitFor(() => fetch(`http://${SERVER_IP}:${this.previewPort}/`).then((r) => r.ok, () => false), READY_TIMEOUT_MS, 'vite preview');
  }

  // Where the API is (the server), and where the browser opens the app.
  get apiUrl() {
    return `http://${SERVER_IP}:${this.httpPort}`;
  }

  get baseUrl() {
    return this.viaVite ? `http://${SERVER_IP}:${this.previewPort}` : this.apiUrl;
  }

  get sipAddress() {
    return `${SERVER_IP}:${this.sipPort}`;
  }

  // A JSON API request; `token` defaults to the admin environment token. Throws with the
  // API's error on a non-2xx answer unless `expect` names the status wanted.
  async api(method, urlPath, body, { token = this.adminToken, expect } = {}) {
    const response = await fetch(this.apiUrl + urlPath, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (expect !== undefined ? response.status !== expect : !response.ok)
      throw new HarnessError(`${method} ${urlPath} answered ${response.status}: ${text}`);
    return json;
  }

  // --- provisioning through the API ---

  // An agent who can log in, with a number assigned to them when `number` is given.
  async addAgent({ email, name, password = 'correct horse battery', number, role = 'agent', coolDownSeconds = 0 }) {
    const user = await this.api('POST', '/api/v1/users', { email, name, password, role, cool_down_seconds: coolDownSeconds });
    if (number) await this.api('POST', '/api/v1/numbers', { e164: number, label: `${name}'s line`, assigned_user_id: user.id });
    return { ...user, password, number };
  }

  async addLead(lead) {
    return this.api('POST', '/api/v1/leads', lead);
  }

  async settings(settings) {
    return this.api('PATCH', '/api/v1/settings', { settings });
  }

  // A SIP desk phone for `user`: a device, REGISTERed from a free port, then a SIPp UAS on
  // that port running `scenario` (e.g. agent_answer.xml), listening.
  async deskPhone(user, scenario, { pauseMs = 0, sdpPort = 40010, timeoutS = 40 } = {}) {
    const username = `desk-${user.id.slice(-6).toLowerCase()}-${++this.desks}`;
    const password = randomBytes(12).toString('hex');
    const device = await this.api('POST', `/api/v1/users/${user.id}/devices`, { kind: 'sip', sip_username: username, sip_password: password });
    const port = await freePort(SERVER_IP);
    await new Promise((resolve, reject) => {
      execFile('python3', [path.join(HERE, 'register_phone.py'), this.sipAddress, String(port), username, password, this.workdir],
        { timeout: 20_000 }, (error, stdout, stderr) => (error ? reject(new HarnessError(`REGISTER ${username} failed: ${stdout}${stderr}`)) : resolve()));
    });
    const sipp = new Sipp(this, `${String(++this.sipp).padStart(2, '0')}-desk-${username}`, scenario,
      { localIp: SERVER_IP, localPort: port, pauseMs, keys: { sdp_port: sdpPort }, timeoutS });
    sipp.deviceId = device.id;
    this.deskPhones.push(sipp);
    await sipp.listening();
    return sipp;
  }

  // Removes desk phones (their devices) once their SIPp is done, so later calls do not
  // ring a port nobody listens on.
  async retire(...desks) {
    for (const desk of desks) {
      await this.api('DELETE', `/api/v1/devices/${desk.deviceId}`);
      this.deskPhones = this.deskPhones.filter((d) => d !== desk);
    }
  }

  // After each test, passed or failed: ends the calls still up, stops the SIPp peers
  // still running, removes the desk phones not retired and closes the pages, so a failing
  // test fails alone and the next starts from a quiet team. `keepPages` for a suite whose
  // signed-in pages outlive one test.
  async settle({ keepPages = false } = {}) {
    const recent = await this.api('GET', '/api/v1/calls?limit=50');
    for (const call of recent.items.filter((c) => c.ended_at === null))
      await this.api('POST', `/api/v1/calls/${call.id}/end`, undefined, { expect: 204 }).catch(() => {});
    const lasting = new Set([this.server, this.preview]); // the suite's, not the test's
    for (const peer of this.processes) if (!lasting.has(peer) && peer.alive()) await peer.stop();
    for (const desk of [...this.deskPhones]) await this.retire(desk).catch(() => {});
    if (keepPages) return;
    for (const browser of this.browsers) for (const context of browser.contexts()) await context.close().catch(() => {});
  }

  // The trunk calls `number` with `scenario` (default: waits for the far end's BYE).
  // With `mediaPort`, SIPp plays its pcap audio from there.
  call(number, { scenario = 'trunk_caller_wait_bye.xml', caller = PROSPECT, pauseMs = 500, timeoutS = 40, mediaPort } = {}) {
    return new Sipp(this, `${String(++this.sipp).padStart(2, '0')}-caller`, scenario, {
      localIp: TRUNK_IP, localPort: this.trunkPort, remote: this.sipAddress, service: number,
      keys: { caller, sdp_port: 40000 }, pauseMs, timeoutS, mediaPort,
    });
  }

  // --- the browser ---

  async browser() {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
    });
    this.browsers.push(browser);
    return browser;
  }

  // A fresh browser context (its own storage) with microphone and notifications granted.
  async context(options = {}) {
    const browser = this.browsers[0] ?? (await this.browser());
    const context = await browser.newContext({ baseURL: this.baseUrl, viewport: { width: 1280, height: 800 }, ...options });
    await context.grantPermissions(['microphone', 'notifications'], { origin: this.baseUrl });
    return context;
  }

  // A page signed in as `user` (through the login form) on /app.
  async signIn(user, context) {
    const page = await (context ?? (await this.context())).newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/app', { timeout: 10_000 });
    return page;
  }

  // Holds the page's requests to `url` (a glob) as a slow link would, until the returned
  // release() lets them through: to see what the app shows while something loads.
  async holdRequests(page, url) {
    let open;
    const held = new Promise((resolve) => (open = resolve));
    const passing = []; // each held request's way through, awaited before unrouting
    const handler = (route) => {
      const through = held.then(() => route.continue());
      passing.push(through);
      return through;
    };
    await page.route(url, handler);
    return async () => {
      open();
      await Promise.all(passing);
      await page.unroute(url, handler);
    };
  }

  async screenshot(page, name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    return file;
  }

  // The logs of everything started, for a failing test's message.
  dump() {
    return this.processes.map((p) => p.excerpt()).join('\n');
  }

  // Closes browsers and stops every process by PID (peers first, the server last).
  async close({ keepWorkdir = false } = {}) {
    for (const browser of this.browsers.splice(0)) await browser.close().catch(() => {});
    for (const process of [...this.processes].reverse()) await process.stop();
    if (!keepWorkdir) fs.rmSync(this.workdir, { recursive: true, force: true });
  }
}

// For node:test: a harness closed after the test or suite `t` (its work dir, with every
// process's output, kept and named on stderr when SB_KEEP_WORKDIR=1).
export function useHarness(t, name) {
  const harness = new Harness(name);
  const keep = process.env.SB_KEEP_WORKDIR === '1';
  t.after(async () => {
    await harness.close({ keepWorkdir: keep });
    if (keep) process.stderr.write(`browser test work dir kept: ${harness.workdir}\n`);
  });
  return harness;
}
