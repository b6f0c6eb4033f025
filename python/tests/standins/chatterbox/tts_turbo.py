from . import StandIn, recorded

REPO_ID = "ResembleAI/chatterbox-turbo"


class ChatterboxTurboTTS(StandIn):
    kind = "turbo"

    @recorded
    def prepare_conditionals(self, wav_fpath, exaggeration=0.5, norm_loudness=True):
        pass

    @recorded
    def generate(self, text, repetition_penalty=1.2, min_p=0.0, top_p=0.95, audio_prompt_path=None, exaggeration=0.0,
                 cfg_weight=0.0, temperature=0.8, top_k=1000, norm_loudness=True):
        return list(self.samples)
