"""The web page in headless Chromium (Debian's chromium + chromium-driver, Selenium), opened on the
DEFAULT port as a user would (browsers refuse some ports, e.g. 2049): it loads, fills
its pickers from the API, submits a job, follows it to `succeeded`, and offers playable audio; "Speak
now" streams and plays. Screenshots go to $TEST_OUTPUT (default .build/test-output)."""
import os
import shutil

import pytest

from conftest import Server

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

OUTPUT = os.environ.get("TEST_OUTPUT", ".build/test-output")
DOWNLOADS = os.path.abspath(os.path.join(OUTPUT, "downloads"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`chatterbox api` on its default port (2050), the one a user opens."""
    s = Server(tmp_path_factory.mktemp("page"), default_port=True, api_rate_limit=0, jobs_concurrency=2).start()
    assert s.url == "http://127.0.0.1:2050"
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser():
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not os.path.exists(driver_path):
        pytest.fail("chromium-driver is not installed (scripts/test.sh installs chromium and chromium-driver)")
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1000",
                 "--autoplay-policy=no-user-gesture-required"]:
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    shutil.rmtree(DOWNLOADS, ignore_errors=True)
    os.makedirs(DOWNLOADS)
    options.add_experimental_option("prefs", {"download.default_directory": DOWNLOADS, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
    yield driver
    driver.quit()


def test_page_submits_a_job_and_plays_its_audio(server, browser):
    os.makedirs(OUTPUT, exist_ok=True)
    browser.get(server.url + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(EC.text_to_be_present_in_element((By.ID, "server-status"), "connected"))
    voices = [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "voice")).options]
    assert "piper:en_US-joe-medium" in voices and "espeak:en-us" in voices
    assert Select(browser.find_element(By.ID, "voice")).first_selected_option.get_attribute("value") == "piper:en_US-joe-medium"

    text = browser.find_element(By.ID, "text")
    text.send_keys("Hello from the browser test. The page submits this as a job.")
    assert "60 / 100,000 characters" in browser.find_element(By.ID, "char-count").text
    Select(browser.find_element(By.ID, "format")).select_by_value("ogg")
    browser.find_element(By.ID, "submit").click()

    # The row of this job (the list also shows earlier jobs of the server), once it has succeeded.
    mine = "//tbody[@id='jobs']/tr[@data-status='succeeded'][td[contains(., 'Hello from the browser test')]]"
    row = wait.until(EC.presence_of_element_located((By.XPATH, mine + "//audio")))
    wait.until(lambda d: d.execute_script("return arguments[0].readyState >= 1 && arguments[0].duration > 1", row))
    duration = browser.execute_script("return arguments[0].duration", row)
    assert 2 < duration < 10, duration
    assert row.get_attribute("src").startswith("blob:")
    link = browser.find_element(By.XPATH, mine + "//a[@download]")
    assert link.get_attribute("download").endswith(".ogg")
    browser.save_screenshot(os.path.join(OUTPUT, "web-page-job.png"))


def test_speak_now_streams_and_errors_are_readable(server, browser):
    browser.get(server.url + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(EC.text_to_be_present_in_element((By.ID, "server-status"), "connected"))
    text = browser.find_element(By.ID, "text")
    text.send_keys("Speak now plays while it streams.")
    browser.find_element(By.ID, "speak").click()
    audio = browser.find_element(By.ID, "speak-audio")
    wait.until(lambda d: d.execute_script("return arguments[0].readyState >= 1 && arguments[0].duration > 1", audio))
    Select(browser.find_element(By.ID, "voice")).select_by_value("espeak:en-us")
    browser.execute_script("document.getElementById('voice').add(new Option('nobody:here', 'nobody:here', true, true))")
    browser.find_element(By.ID, "submit").click()
    error = wait.until(EC.visibility_of_element_located((By.ID, "error")))
    assert "nobody:here" in error.text
    browser.save_screenshot(os.path.join(OUTPUT, "web-page-error.png"))


def test_ssml_toggle_speaks_markup_and_shows_where_it_is_broken(server, browser):
    browser.get(server.url + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(EC.text_to_be_present_in_element((By.ID, "server-status"), "connected"))
    browser.find_element(By.ID, "ssml").click()
    text = browser.find_element(By.ID, "text")
    text.send_keys('SSML from the page. <break time="500ms"/> <prosody rate="slow">Slowly now.</prosody>')
    browser.find_element(By.ID, "submit").click()
    mine = "//tbody[@id='jobs']/tr[@data-status='succeeded'][td[contains(., 'SSML from the page')]]"
    wait.until(EC.presence_of_element_located((By.XPATH, mine + "//audio")))
    text.clear()
    text.send_keys('<speak>\n<prosody rate="fast">unclosed</speak>')
    browser.find_element(By.ID, "speak").click()
    error = wait.until(EC.visibility_of_element_located((By.ID, "error")))
    assert "line 2" in error.text, error.text
    browser.save_screenshot(os.path.join(OUTPUT, "web-page-ssml.png"))


def transcript(driver):
    """The transcript's words, read in one step (the page replaces them as new words arrive)."""
    return driver.execute_script("return [...document.querySelectorAll('#transcript span')].map(s => s.textContent)")


def test_words_are_highlighted_as_they_are_heard_and_captions_offered(server, browser):
    browser.get(server.url + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(EC.text_to_be_present_in_element((By.ID, "server-status"), "connected"))
    text = browser.find_element(By.ID, "text")
    text.send_keys("Follow the words as they are spoken. Every one lights up in turn.")
    browser.find_element(By.ID, "speak").click()
    # While "Speak now" plays, the word being heard is marked; we see more than one of them lit in turn.
    seen = set()
    def lit(driver):
        word = driver.execute_script("return document.getElementById('transcript').dataset.word || ''")
        if word:
            seen.add(word)
        return len(seen) >= 3
    wait.until(lit)
    assert transcript(browser) == "Follow the words as they are spoken. Every one lights up in turn.".split()
    # The captions download as a WebVTT file (the page's Content-Security-Policy keeps scripts from reading it).
    wait.until(EC.visibility_of_element_located((By.ID, "speak-captions"))).click()
    saved = os.path.join(DOWNLOADS, "speech.vtt")
    wait.until(lambda d: os.path.exists(saved) and open(saved).read().startswith("WEBVTT"))
    assert "Follow the words" in open(saved).read()
    browser.save_screenshot(os.path.join(OUTPUT, "web-page-words.png"))

    # A job's row offers its captions, and playing it shows its words.
    text.clear()
    text.send_keys("Captions for a job. They come from the server.")
    browser.find_element(By.ID, "submit").click()
    mine = "//tbody[@id='jobs']/tr[@data-status='succeeded'][td[contains(., 'Captions for a job')]]"
    audio = wait.until(EC.presence_of_element_located((By.XPATH, mine + "//audio")))
    assert [a.text for a in browser.find_elements(By.XPATH, mine + "//a[@class='captions']")] == ["SRT", "VTT"]
    browser.execute_script("arguments[0].play()", audio)
    wait.until(lambda d: transcript(d) == "Captions for a job. They come from the server.".split())
    wait.until(lambda d: d.execute_script("return document.getElementById('transcript').dataset.word || ''") != "")


def test_voice_manager_uploads_previews_and_deletes(server, browser):
    browser.get(server.url + "/")
    wait = WebDriverWait(browser, 60)
    wait.until(EC.text_to_be_present_in_element((By.ID, "server-status"), "connected"))
    rows = lambda: {r.get_attribute("data-id"): r for r in browser.find_elements(By.CSS_SELECTOR, "#voice-rows tr")}
    assert "piper:en_US-joe-medium" in rows()

    # A refused upload shows the server's reason.
    Select(browser.find_element(By.ID, "upload-kind")).select_by_value("clip")
    os.makedirs(OUTPUT, exist_ok=True)
    notes = os.path.abspath(os.path.join(OUTPUT, "notes.wav"))
    with open(notes, "w") as f:
        f.write("not audio at all\n")
    browser.find_element(By.ID, "upload-clip").send_keys(notes)
    browser.find_element(By.ID, "upload-name").send_keys("notes")
    browser.find_element(By.ID, "upload-submit").click()
    error = wait.until(EC.visibility_of_element_located((By.ID, "error")))
    assert "not audio this server can read" in error.text, error.text

    # A Piper voice: model and config, under a new name.
    Select(browser.find_element(By.ID, "upload-kind")).select_by_value("piper")
    browser.find_element(By.ID, "upload-model").send_keys("/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx")
    browser.find_element(By.ID, "upload-config").send_keys("/usr/local/share/chatterbox_tts/voices/en_US-joe-medium.onnx.json")
    name = browser.find_element(By.ID, "upload-name")
    name.clear()
    name.send_keys("page-voice")
    browser.find_element(By.ID, "upload-submit").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "upload-status"), "added piper:page-voice"))
    row = wait.until(lambda d: rows().get("piper:page-voice"))
    assert "piper:page-voice" in [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "voice")).options]

    # Preview plays.
    row.find_element(By.XPATH, ".//button[text()='Preview']").click()
    audio = wait.until(lambda d: rows()["piper:page-voice"].find_element(By.TAG_NAME, "audio"))
    wait.until(lambda d: d.execute_script("return arguments[0].duration > 1 && arguments[0].currentTime > 0", audio))
    browser.save_screenshot(os.path.join(OUTPUT, "web-page-voices.png"))

    # Delete, after confirming.
    rows()["piper:page-voice"].find_element(By.XPATH, ".//button[text()='Delete']").click()
    wait.until(EC.alert_is_present()).accept()
    wait.until(lambda d: "piper:page-voice" not in rows())
    assert server.get("/voices/piper:page-voice").status_code == 404
