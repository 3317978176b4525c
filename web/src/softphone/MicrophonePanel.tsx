// Asks for the microphone once (a button, so the browser's prompt follows a click) and
// explains what to do when it is blocked.
import { Button } from '../ui';
import type { Microphone } from './channel';
import { MICROPHONE_HELP, askForMicrophone } from './microphone';
import type { BrowserPhone } from './phone';

export function MicrophonePanel({ phone, microphone }: { phone: BrowserPhone; microphone: Microphone }) {
  if (microphone === 'granted') return null;
  if (microphone === 'denied')
    return (
      <div class="softphone-mic is-blocked" role="alert">
        <strong>Microphone blocked</strong>
        <p>{MICROPHONE_HELP}</p>
      </div>
    );
  return (
    <div class="softphone-mic">
      <p>Callers need to hear you: allow the microphone once for this site.</p>
      <Button variant="primary" onClick={async () => phone.setMicrophone(await askForMicrophone())}>
        Allow microphone
      </Button>
    </div>
  );
}
