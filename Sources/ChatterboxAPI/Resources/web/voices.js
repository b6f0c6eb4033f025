// Chatterbox TTS web page: the voice manager (list, preview, upload, defaults, delete, the page's default voice).
// Uses app.js's api(), showError() and loadVoices().
"use strict";

const voiceManager = {
  // The voice this browser starts with in the picker (kept in localStorage; the server's default stays as configured).
  get pageDefault() { return localStorage.getItem("chatterbox-voice"); },
  set pageDefault(id) { localStorage.setItem("chatterbox-voice", id); },
};

function voiceUrl(id, suffix = "") { return `/voices/${encodeURIComponent(id)}${suffix}`; }

async function loadVoiceManager() {
  const body = await (await api("/voices")).json();
  const rows = $("voice-rows");
  rows.replaceChildren();
  for (const voice of body.voices.filter(v => v.engine !== "espeak" || v.id === body.default || v.id === voiceManager.pageDefault)) {
    rows.append(voiceRow(voice));
  }
  $("voice-count").textContent = `${body.voices.length} voices (espeak-ng's other languages are not listed here)`;
}

function voiceRow(voice) {
  const row = document.createElement("tr");
  row.dataset.id = voice.id;
  row.innerHTML = `<td class="voice-id"></td><td class="lang"></td><td class="engine"></td><td class="state"></td><td class="actions"></td>`;
  row.querySelector(".voice-id").textContent = voice.id + (voice.is_default ? " (server default)" : "")
    + (voice.id === voiceManager.pageDefault ? " ★" : "");
  row.querySelector(".lang").textContent = voice.language;
  row.querySelector(".engine").textContent = voice.engine;
  const state = row.querySelector(".state");
  state.textContent = voice.available ? "ready" : "unavailable";
  if (!voice.available) { state.title = voice.problem || ""; state.className = "state unavailable"; }
  const actions = row.querySelector(".actions");
  const button = (label, handler, cls = "link") => {
    const b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = label;
    b.addEventListener("click", () => handler().catch(showError));
    actions.append(b);
    return b;
  };
  if (voice.available) button("Preview", () => previewVoice(voice, row));
  button("Defaults", () => editDefaults(voice, row));
  button("Use by default", async () => { voiceManager.pageDefault = voice.id; $("voice").value = voice.id; await loadVoiceManager(); });
  if (!voice.is_default) button("Delete", () => deleteVoice(voice));
  return row;
}

async function previewVoice(voice, row) {
  const blob = await (await api(voiceUrl(voice.id, "/preview"))).blob();
  let audio = row.querySelector("audio");
  if (!audio) { audio = document.createElement("audio"); audio.controls = true; row.querySelector(".actions").append(audio); }
  audio.src = URL.createObjectURL(blob);
  await audio.play().catch(() => {});
}

async function editDefaults(voice, row) {
  const details = await (await api(voiceUrl(voice.id))).json();
  const form = document.createElement("form");
  form.className = "defaults";
  form.innerHTML = `<label>Speed <input name="speed" type="number" min="0.25" max="4" step="0.05" placeholder="1"></label>
    <label>Parameters <input name="params" placeholder='{"noise_scale": 0.5}'></label>
    <button type="submit">Save</button>`;
  form.speed.value = details.defaults.speed ?? "";
  form.params.value = Object.keys(details.defaults.params).length ? JSON.stringify(details.defaults.params) : "";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const params = form.params.value.trim() ? JSON.parse(form.params.value) : null;
      await api(voiceUrl(voice.id), { method: "PATCH", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ speed: form.speed.value === "" ? null : Number(form.speed.value), params }) });
      showError(null);
      form.remove();
    } catch (error) { showError(error); }
  });
  row.querySelector(".actions").append(form);
}

async function deleteVoice(voice) {
  if (!confirm(`Delete ${voice.id}? Its files are removed from the server.`)) return;
  await api(voiceUrl(voice.id), { method: "DELETE" });
  if (voiceManager.pageDefault === voice.id) localStorage.removeItem("chatterbox-voice");
  await Promise.all([loadVoiceManager(), loadVoices()]);
}

// The upload form: its fields follow the kind of voice chosen; the server's checks come back as the error line.
function showUploadFields() {
  const kind = $("upload-kind").value;
  for (const field of document.querySelectorAll("[data-kind]")) field.hidden = field.dataset.kind !== kind;
}

async function uploadVoice(event) {
  event.preventDefault();
  showError(null);
  const form = new FormData();
  const kind = $("upload-kind").value;
  const add = (name, id) => { const file = $(id).files[0]; if (file) form.append(name, file); };
  if (kind === "piper") { add("model", "upload-model"); add("config", "upload-config"); }
  if (kind === "clip") { add("clip", "upload-clip"); if ($("upload-transcript").value) form.append("transcript", $("upload-transcript").value); }
  if (kind === "embedding") add("embedding", "upload-embedding");
  if ($("upload-name").value.trim()) form.append("name", $("upload-name").value.trim());
  $("upload-submit").disabled = true;
  $("upload-status").textContent = "uploading and checking…";
  try {
    const response = await api("/voices" + ($("upload-replace").checked ? "?replace=true" : ""), { method: "POST", body: form });
    const voice = await response.json();
    $("upload-status").textContent = `added ${voice.id}`;
    $("upload-form").reset(); showUploadFields();
    await Promise.all([loadVoiceManager(), loadVoices()]);
  } catch (error) {
    $("upload-status").textContent = "";
    showError(error);
  } finally { $("upload-submit").disabled = false; }
}

function startVoiceManager() {
  $("upload-kind").addEventListener("change", showUploadFields);
  $("upload-form").addEventListener("submit", uploadVoice);
  showUploadFields();
  return loadVoiceManager();
}
