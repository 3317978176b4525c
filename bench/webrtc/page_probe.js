// bench/webrtc: installed in every page of an agent's browser context (the app and the
// softphone pop-up) before the app's own scripts. All times are wall-clock milliseconds
// taken in the page (performance.timeOrigin + performance.now()), so Playwright's own
// polling adds nothing to what is measured.
// - App page: a MutationObserver stamps the moment the incoming-call card
//   ([role=alertdialog]) enters the DOM, and the moment its Answer button is enabled;
//   a capturing click listener stamps the Answer click as the page receives it.
// - Pop-up: every 10 ms, for each call the softphone holds until it is two-way, reads the peer connection's
//   state and window.switchboardPhone.mediaStats() (getStats), and stamps the first
//   poll that saw outbound-rtp packetsSent > 0, inbound-rtp packetsReceived > 0, and
//   both.
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const bench = { cardAt: null, enabledAt: null, clickAt: null, calls: {}, polls: 0, maxPollGap: 0 };
  window.__bench = bench;

  const answerButton = (root) => [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Answer');
  const lookForCard = () => {
    const card = document.querySelector('[role="alertdialog"]');
    if (!card) return;
    if (bench.cardAt === null) bench.cardAt = now();
    const button = answerButton(card);
    if (bench.enabledAt === null && button && !button.disabled) bench.enabledAt = now();
  };
  new MutationObserver(lookForCard).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('[role="alertdialog"] button') : null;
    if (button && button.textContent.trim() === 'Answer' && bench.clickAt === null) bench.clickAt = now();
  }, true);

  // Events stamp the peer connection's progress at once (the polls below are the
  // fallback when the connection was already further along when first seen): the local
  // answer set (signalingState 'stable'), ICE gathering complete, ICE connected, DTLS
  // done (connectionState 'connected'), and the remote track's 'unmute',
  // which the browser fires when the first RTP packet of the track arrives.
  const watch = (connection, rec) => {
    rec.watching = true;
    connection.addEventListener('iceconnectionstatechange', () => {
      if (rec.iceAt === null && ['connected', 'completed'].includes(connection.iceConnectionState)) rec.iceAt = now();
    });
    // JsSIP sends its 200 OK only once ICE gathering is complete (or a candidate timeout).
    connection.addEventListener('signalingstatechange', () => {
      if (rec.localAnswerAt === null && connection.signalingState === 'stable') rec.localAnswerAt = now();
    });
    connection.addEventListener('icegatheringstatechange', () => {
      if (rec.gatheredAt === null && connection.iceGatheringState === 'complete') rec.gatheredAt = now();
    });
    connection.addEventListener('connectionstatechange', () => {
      if (rec.dtlsAt === null && connection.connectionState === 'connected') rec.dtlsAt = now();
    });
    const onTrack = (track) => {
      if (!track.muted) return;
      track.addEventListener('unmute', () => {
        if (rec.unmutedAt === null) rec.unmutedAt = now();
      }, { once: true });
    };
    connection.getReceivers().forEach((receiver) => onTrack(receiver.track));
    connection.addEventListener('track', (e) => onTrack(e.track));
  };

  let lastPoll = null;
  let busy = false;
  const poll = async () => {
    const phone = window.switchboardPhone;
    if (!phone || busy) return;
    busy = true;
    try {
      const t = now();
      const gap = lastPoll === null ? null : t - lastPoll;
      if (gap !== null) bench.maxPollGap = Math.max(bench.maxPollGap, gap);
      lastPoll = t;
      bench.polls += 1;
      for (const call of phone.state().calls) {
        if (!call.callId) continue;
        const rec = (bench.calls[call.callId] ??= {
          offerId: call.offerId, seenAt: t, answeringAt: null, connectedAt: null, iceAt: null, dtlsAt: null,
          firstSentAt: null, firstReceivedAt: null, twoWayAt: null, packetsSent: 0, packetsReceived: 0,
          acceptedAt: null, maxPollGap: 0, watching: false, unmutedAt: null, localAnswerAt: null, gatheredAt: null,
        });
        // The phone stamps its 200 OK (JsSIP 'accepted') with Date.now(): whole milliseconds.
        if (rec.acceptedAt === null && call.connectedAt) rec.acceptedAt = call.connectedAt;
        // How late this poll was, while the call is being answered: the probe's resolution.
        const answering = call.state === 'answering' || call.state === 'connected';
        if (answering && rec.twoWayAt === null && gap !== null) rec.maxPollGap = Math.max(rec.maxPollGap, gap);
        if (answering && rec.answeringAt === null) rec.answeringAt = t; // first poll past 'ringing'
        if (call.state === 'connected' && rec.connectedAt === null) rec.connectedAt = t;
        if (call.state === 'ringing' || call.state === 'ended') continue;
        // Measured: no more getStats at 100 Hz for it, which would load the browser while the
        // next calls are answered (run.mjs reads the hold's counters itself).
        if (rec.twoWayAt !== null) continue;
        // The BrowserPhone keeps its sessions in `lines` (by offer id): the peer connection's
        // ICE and DTLS progress splits the click-to-audio time.
        const line = phone.lines?.get(call.offerId);
        const connection = line?.session?.connection;
        if (connection) {
          if (!rec.watching) watch(connection, rec);
          if (rec.iceAt === null && ['connected', 'completed'].includes(connection.iceConnectionState)) rec.iceAt = t;
          if (rec.dtlsAt === null && connection.connectionState === 'connected') rec.dtlsAt = t;
        }
        const stats = await phone.mediaStats(call.callId);
        if (!stats) continue;
        const at = now(); // when getStats answered: the upper bound of the moment seen
        rec.packetsSent = stats.packetsSent;
        rec.packetsReceived = stats.packetsReceived;
        if (rec.firstSentAt === null && stats.packetsSent > 0) rec.firstSentAt = at;
        if (rec.firstReceivedAt === null && stats.packetsReceived > 0) rec.firstReceivedAt = at;
        if (rec.twoWayAt === null && stats.packetsSent > 0 && stats.packetsReceived > 0) rec.twoWayAt = at;
      }
    } finally {
      busy = false;
    }
  };
  setInterval(() => void poll(), 10);
})();
