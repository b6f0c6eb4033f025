from . import StandIn, recorded

REPO_ID = "ResembleAI/chatterbox"


class ChatterboxTTS(StandIn):
    kind = "english"

    @recorded
    def prepare_conditionals(self, wav_fpath, exaggeration=0.5):
        pass

    @recorded
    def generate(self, text, repetition_penalty=1.2, min_p=0.05, top_p=1.0, audio_prompt_path=None, exaggeration=0.5,
                 cfg_weight=0.5, temperature=0.8):
        return list(self.samples)
