// Microphone permission: read without asking (Permissions API), asked once on request,
// with what to do when the browser blocks it.
import type { Microphone } from './channel';

export async function microphoneState(): Promise<Microphone> {
  try {
    const status = await navigator.permissions.query({ name: 'microphone' as PermissionName });
    return status.state === 'granted' ? 'granted' : status.state === 'denied' ? 'denied' : 'prompt';
  } catch {
    return 'unknown'; // Browsers without the Permissions API for the microphone.
  }
}

// Asks for the microphone (the browser's prompt) and releases it at once: the answer is
// remembered for this site, so calls start without another prompt.
export async function askForMicrophone(): Promise<Microphone> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    for (const track of stream.getTracks()) track.stop();
    return 'granted';
  } catch (e) {
    return e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError') ? 'denied' : 'unknown';
  }
}

export const MICROPHONE_HELP =
  'The browser blocks the microphone for this site. Click the icon left of the address, ' +
  'set Microphone to Allow, then reload this window. On a server reached by a name other ' +
  'than localhost, the app must be opened over HTTPS for the microphone to work.';
