// The incoming-call ringtone, made with WebAudio (no sound file): two short bursts of
// a 440+480 Hz pair (the North American ring) every three seconds until stopped.
let context: AudioContext | null = null;
let timer: number | undefined;
let playing = false;

function burst(ctx: AudioContext, at: number, seconds: number): void {
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(0.12, at + 0.02);
  gain.gain.setValueAtTime(0.12, at + seconds - 0.03);
  gain.gain.linearRampToValueAtTime(0, at + seconds);
  gain.connect(ctx.destination);
  for (const frequency of [440, 480]) {
    const oscillator = ctx.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(at);
    oscillator.stop(at + seconds);
  }
}

function ringOnce(): void {
  if (!context) return;
  const now = context.currentTime;
  burst(context, now, 0.4);
  burst(context, now + 0.6, 0.4);
}

export function startRinging(): void {
  if (playing) return;
  playing = true;
  try {
    context ??= new AudioContext();
    void context.resume().catch(() => {});
  } catch {
    return; // No audio: the notification still shows.
  }
  ringOnce();
  timer = window.setInterval(ringOnce, 3000);
}

export function stopRinging(): void {
  playing = false;
  window.clearInterval(timer);
  void context?.suspend().catch(() => {});
}

export function isRinging(): boolean {
  return playing;
}
