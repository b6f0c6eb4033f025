from . import StandIn, recorded

REPO_ID = "ResembleAI/chatterbox"
SUPPORTED_LANGUAGES = {"en": "English", "fr": "French", "de": "German"}


class ChatterboxMultilingualTTS(StandIn):
    kind = "multilingual"

    @recorded
    def prepare_conditionals(self, wav_fpath, exaggeration=0.5):
        pass

    @recorded
    def generate(self, text, language_id, audio_prompt_path=None, exaggeration=0.5, cfg_weight=0.5, temperature=0.8,
                 repetition_penalty=2.0, min_p=0.05, top_p=1.0):
        return list(self.samples)
