// Chatterbox TTS web page: plain JavaScript, no build step. Talks to the same server's API.
"use strict";
const $ = (id) => document.getElementById(id);
const state = { info: null, following: new Set() };

function apiKey() { return $("api-key").value.trim(); }

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (apiKey()) headers["Authorization"] = "Bearer " + apiKey();
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try { const body = await response.json(); if (body.error) message = body.error.message; } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

function showError(error) {
  $("error").textContent = error ? String(error.message || error) : "";
  $("error").hidden = !error;
}

function updateCount() {
  const length = [...$("text").value].length, limit = state.info ? state.info.max_text_length : Infinity;
  $("char-count").textContent = `${length.toLocaleString()} / ${limit.toLocaleString()} characters`;
  $("char-count").classList.toggle("over", length > limit);
  const unusable = length === 0 || length > limit;
  $("speak").disabled = unusable;
  $("submit").disabled = unusable;
}

async function loadVoices() {
  const body = await (await api("/voices")).json();
  const select = $("voice");
  select.innerHTML = "";
  for (const voice of body.voices) {
    if (voice.available === false) continue;
    const chosen = localStorage.getItem("chatterbox-voice") ? voice.id === localStorage.getItem("chatterbox-voice") : voice.is_default;
    const option = new Option(`${voice.id} (${voice.language}, ${voice.sample_rate} Hz)`, voice.id, chosen, chosen);
    select.add(option);
  }
}

// The text as sent: with the SSML box ticked, markup without its <speak> root gets one (the speech route
// reads an input that starts with <speak> as SSML; jobs are told with text_format).
function spokenText() {
  const text = $("text").value;
  if (!$("ssml").checked || /^\s*(<speak|<\?xml|<!DOCTYPE)/.test(text)) return text;
  return `<speak>${text}</speak>`;
}

// Reads Server-Sent Events from a fetch response, calling onEvent with each event's parsed JSON data.
async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter(l => l.startsWith("data: ")).map(l => l.slice(6)).join("\n");
      if (data) onEvent(JSON.parse(data));
    }
  }
}

// "Speak now": 16-bit PCM at 24 kHz streamed from /v1/audio/speech as SSE with word timings, played as it
// arrives while the word being heard is highlighted; afterwards the audio and its captions can be saved.
async function speakNow() {
  showError(null);
  $("speak").disabled = true;
  const rate = 24000, context = new AudioContext({ sampleRate: rate });
  const transcript = new Transcript();
  let playAt = context.currentTime + 0.1, heard = 0;
  const chunks = [], segments = [];  // segments: where each piece of audio (its time in the speech) plays on the context's clock
  const position = () => {
    const now = context.currentTime;
    const segment = segments.findLast(s => s.at <= now);
    return segment ? segment.from + Math.min(now - segment.at, segment.length) : -1;
  };
  transcript.follow(position);
  try {
    const response = await api("/v1/audio/speech", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: "tts-1", input: spokenText(), voice: $("voice").value, response_format: "pcm", speed: Number($("speed").value),
                             stream_format: "sse", timestamps: true }),
    });
    await readEvents(response, (event) => {
      if (event.type === "speech.audio.word") { transcript.add(event); return; }
      if (event.type !== "speech.audio.delta") return;
      const bytes = Uint8Array.from(atob(event.audio), c => c.charCodeAt(0));
      if (!bytes.length) return;
      chunks.push(bytes);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const samples = new Float32Array(bytes.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true) / 32768;
      const buffer = context.createBuffer(1, samples.length, rate);
      buffer.copyToChannel(samples, 0);
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      playAt = Math.max(playAt, context.currentTime);
      source.start(playAt);
      segments.push({ at: playAt, from: heard, length: buffer.duration });
      playAt += buffer.duration; heard += buffer.duration;
    });
    const wav = URL.createObjectURL(wavBlob(chunks, rate));
    $("speak-audio").src = wav;
    $("speak-download").href = wav;
    const vtt = URL.createObjectURL(new Blob([transcript.vtt()], { type: "text/vtt" }));
    $("speak-captions").href = vtt;
    $("now-playing").hidden = false;
    transcript.follow(() => $("speak-audio").paused && $("speak-audio").currentTime === 0 ? position() : $("speak-audio").currentTime);
  } catch (error) {
    showError(error);
  } finally {
    updateCount();
  }
}

// The words being spoken, shown in #transcript with the one heard now highlighted (class "now").
class Transcript {
  constructor(words = []) {
    this.words = []; this.spans = []; this.current = -1;
    $("transcript").replaceChildren();
    $("transcript").hidden = false;
    for (const word of words) this.add(word);
  }
  add(word) {
    const span = document.createElement("span");
    span.textContent = word.word;
    span.dataset.start = word.start; span.dataset.end = word.end;
    $("transcript").append(span, " ");
    this.words.push(word); this.spans.push(span);
  }
  // Highlights the word at the time clock() returns (seconds into the speech), on every animation frame.
  follow(clock) {
    this.clock = clock;
    if (this.running) return;
    this.running = true;
    const tick = () => {
      const t = this.clock();
      let index = -1;
      for (let i = 0; i < this.words.length && this.words[i].start <= t; i++) if (t < this.words[i].end) index = i;
      if (index !== this.current) {
        if (this.current >= 0) this.spans[this.current].classList.remove("now");
        if (index >= 0) this.spans[index].classList.add("now");
        this.current = index;
        $("transcript").dataset.word = index >= 0 ? this.words[index].word : "";
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }
  // WebVTT: words grouped into cues at sentence ends, pauses and 42 characters, as the server's captions are.
  vtt() {
    const clock = (t) => new Date(Math.round(t * 1000)).toISOString().slice(11, 23);
    const cues = [];
    let cue = null;
    for (const word of this.words) {
      const ends = cue && /[.!?…]$/.test(cue.text);
      if (cue && !ends && cue.text.length + 1 + word.word.length <= 42 && word.start - cue.end <= 0.6) { cue.text += " " + word.word; cue.end = word.end; }
      else { if (cue) cues.push(cue); cue = { text: word.word, start: word.start, end: word.end }; }
    }
    if (cue) cues.push(cue);
    return "WEBVTT\n\n" + cues.map(c => `${clock(c.start)} --> ${clock(c.end)}\n${c.text}\n`).join("\n");
  }
}

function wavBlob(chunks, rate) {
  const length = chunks.reduce((sum, c) => sum + c.length, 0);
  const header = new DataView(new ArrayBuffer(44));
  const text = (offset, s) => [...s].forEach((ch, i) => header.setUint8(offset + i, ch.charCodeAt(0)));
  text(0, "RIFF"); header.setUint32(4, 36 + length, true); text(8, "WAVE"); text(12, "fmt ");
  header.setUint32(16, 16, true); header.setUint16(20, 1, true); header.setUint16(22, 1, true);
  header.setUint32(24, rate, true); header.setUint32(28, rate * 2, true); header.setUint16(32, 2, true); header.setUint16(34, 16, true);
  text(36, "data"); header.setUint32(40, length, true);
  return new Blob([header, ...chunks], { type: "audio/wav" });
}

async function submitJob() {
  showError(null);
  try {
    const response = await api("/jobs", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: spokenText(), text_format: $("ssml").checked ? "ssml" : "text", voice: $("voice").value,
                             format: $("format").value, speed: Number($("speed").value) }),
    });
    const job = await response.json();
    renderJob(job, true);
    follow(job.id);
  } catch (error) { showError(error); }
}

function renderJob(job, prepend = false) {
  let row = document.querySelector(`tr[data-id="${job.id}"]`);
  if (!row) {
    row = document.createElement("tr");
    row.dataset.id = job.id;
    row.innerHTML = `<td class="when"></td><td class="text"></td><td class="status"></td><td><progress max="1" value="0"></progress></td><td class="audio"></td><td class="actions"></td>`;
    row.querySelector(".when").textContent = new Date(job.created_at).toLocaleTimeString();
    row.querySelector(".text").textContent = job.text_preview || job.voice;
    const tbody = $("jobs");
    prepend ? tbody.prepend(row) : tbody.append(row);
  }
  $("no-jobs").hidden = true;
  row.dataset.status = job.status;
  const status = row.querySelector(".status");
  status.textContent = job.status + (job.error ? ": " + job.error.message : "");
  status.className = "status status-" + job.status;
  const progress = row.querySelector("progress");
  progress.max = Math.max(1, job.progress.chunks_total);
  progress.value = job.status === "succeeded" ? progress.max : job.progress.chunks_done;
  progress.setAttribute("aria-label", `${job.progress.chunks_done} of ${job.progress.chunks_total} sentences`);
  const actions = row.querySelector(".actions");
  actions.innerHTML = "";
  if (job.status === "queued" || job.status === "running") {
    const cancel = document.createElement("button");
    cancel.className = "link"; cancel.type = "button"; cancel.textContent = "Cancel";
    cancel.addEventListener("click", () => api(`/jobs/${job.id}`, { method: "DELETE" }).then(r => r.json()).then(j => renderJob(j)).catch(showError));
    actions.append(cancel);
  }
  if (job.status === "succeeded" && !row.querySelector("audio")) attachAudio(row, job);
}

async function attachAudio(row, job) {
  try {
    const response = await api(job.download_url);
    const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const url = URL.createObjectURL(await response.blob());
    const audio = document.createElement("audio");
    audio.controls = true; audio.preload = "metadata"; audio.src = url;
    const link = document.createElement("a");
    link.href = url; link.download = name ? name[1] : `${job.id}.${job.format}`; link.textContent = "Download";
    const captions = ["srt", "vtt"].map(format => {
      const a = document.createElement("a");
      a.textContent = format.toUpperCase(); a.className = "captions"; a.href = "#";
      a.addEventListener("click", (event) => { event.preventDefault(); saveCaptions(job, format); });
      return a;
    });
    // Playing a job's audio shows its words, highlighted as they are heard.
    audio.addEventListener("play", async () => {
      try {
        const words = (await (await api(`/jobs/${job.id}/captions?format=json`)).json()).words;
        new Transcript(words).follow(() => audio.currentTime);
      } catch (error) { showError(error); }
    }, { once: true });
    row.querySelector(".audio").replaceChildren(audio, link, " ", ...captions);
  } catch (error) { showError(error); }
}

// A job's captions saved as a file (fetched with the API key, so not a plain link).
async function saveCaptions(job, format) {
  try {
    const blob = await (await api(`/jobs/${job.id}/captions?format=${format}`)).blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob); link.download = `chatterbox-${job.id}.${format}`;
    link.click();
  } catch (error) { showError(error); }
}

// Follows a job's Server-Sent Events (read with fetch, so the API key can be sent).
async function follow(id) {
  if (state.following.has(id)) return;
  state.following.add(id);
  try {
    await readEvents(await api(`/jobs/${id}/events`), renderJob);
  } catch (error) { showError(error); } finally { state.following.delete(id); }
}

async function loadJobs() {
  const page = await (await api("/jobs?limit=20")).json();
  for (const job of page.jobs) {
    renderJob(job);
    if (job.status === "queued" || job.status === "running") follow(job.id);
  }
}

async function start() {
  $("api-key").value = localStorage.getItem("chatterbox-api-key") || "";
  $("api-key").addEventListener("change", () => { localStorage.setItem("chatterbox-api-key", apiKey()); start(); });
  $("text").addEventListener("input", updateCount);
  $("speed").addEventListener("input", () => { $("speed-value").textContent = Number($("speed").value).toFixed(1); });
  $("speak").onclick = speakNow;
  $("submit").onclick = submitJob;
  try {
    state.info = await (await fetch("/info")).json();
    $("key-row").hidden = !state.info.auth_required;
    $("format").value = state.info.default_format;
    updateCount();
    if (state.info.auth_required && !apiKey()) { $("server-status").textContent = "enter the API key"; return; }
    await loadVoices();
    await startVoiceManager();
    await loadJobs();
    showError(null);
    $("server-status").textContent = `connected · default voice ${state.info.default_voice}`;
  } catch (error) {
    $("server-status").textContent = "not connected";
    showError(error);
  }
}
start();
