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
    const option = new Option(`${voice.id} (${voice.language}, ${voice.sample_rate} Hz)`, voice.id, voice.is_default, voice.is_default);
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

// "Speak now": 16-bit PCM at 24 kHz streamed from /v1/audio/speech and played as it arrives.
async function speakNow() {
  showError(null);
  $("speak").disabled = true;
  const context = new AudioContext({ sampleRate: 24000 });
  let playAt = context.currentTime + 0.1, leftover = null;
  const chunks = [];
  try {
    const response = await api("/v1/audio/speech", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: "tts-1", input: spokenText(), voice: $("voice").value, response_format: "pcm", speed: Number($("speed").value) }),
    });
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let bytes = value;
      if (leftover) { bytes = new Uint8Array(leftover.length + value.length); bytes.set(leftover); bytes.set(value, leftover.length); leftover = null; }
      if (bytes.length % 2) { leftover = bytes.slice(-1); bytes = bytes.slice(0, -1); }
      if (!bytes.length) continue;
      chunks.push(bytes);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const samples = new Float32Array(bytes.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(2 * i, true) / 32768;
      const buffer = context.createBuffer(1, samples.length, 24000);
      buffer.copyToChannel(samples, 0);
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      playAt = Math.max(playAt, context.currentTime);
      source.start(playAt);
      playAt += buffer.duration;
    }
    const wav = URL.createObjectURL(wavBlob(chunks, 24000));
    $("speak-audio").src = wav;
    $("speak-download").href = wav;
    $("now-playing").hidden = false;
  } catch (error) {
    showError(error);
  } finally {
    updateCount();
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
    row.querySelector(".audio").replaceChildren(audio, link);
  } catch (error) { showError(error); }
}

// Follows a job's Server-Sent Events (read with fetch, so the API key can be sent).
async function follow(id) {
  if (state.following.has(id)) return;
  state.following.add(id);
  try {
    const response = await api(`/jobs/${id}/events`);
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
        if (data) renderJob(JSON.parse(data));
      }
    }
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
    await loadJobs();
    showError(null);
    $("server-status").textContent = `connected · default voice ${state.info.default_voice}`;
  } catch (error) {
    $("server-status").textContent = "not connected";
    showError(error);
  }
}
start();
