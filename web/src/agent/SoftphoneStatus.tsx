// The browser phone in the top bar: whether the pop-up is open and registered, and the
// button that opens it. Asks for desktop notifications the first time it is clicked.
import { registrationLabel } from '../softphone/channel';
import { Button } from '../ui';
import { softphone, useSoftphone } from './softphoneLink';

function askForNotifications(): void {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
}

export function SoftphoneStatus() {
  const phone = useSoftphone();
  const open = () => {
    askForNotifications();
    softphone.open();
  };
  if (!phone)
    return (
      <span class="phone-status">
        <Button size="sm" onClick={open} title="Opens a small window that rings and carries your calls">
          Open phone
        </Button>
      </span>
    );
  const onCall = phone.calls.some((c) => c.state === 'connected');
  return (
    <span class="phone-status">
      <Button size="sm" onClick={open} title="Show the phone window">
        ☎ {onCall ? 'On call' : registrationLabel(phone.registration)}
      </Button>
    </span>
  );
}
