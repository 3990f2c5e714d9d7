"""Offline sentence embeddings: all-MiniLM-L6-v2 as an int8 ONNX model.

Why int8 ONNX: the copilot embeds one short message at a time on a 2-core machine with no
GPU and no network. PyTorch would add a 750 MB install and 12-16 ms per sentence; the same
BERT exported to ONNX and dynamically quantised to int8 (per-channel weights) runs on
onnxruntime in about 1 ms for a short message and 3 ms for 40 words, ships as a 23 MB file
inside the package, and stays within 0.03 cosine of the fp32 model per sentence (0.04 when
batched). At run time only onnxruntime, tokenizers and numpy are needed; nothing is downloaded.

The model folder is produced by ``scripts/export_embedding_model.py`` (see the README.md in
the folder for the source, licence and measured accuracy).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MODEL_DIR", "EMBEDDING_DIM", "MAX_TOKENS", "SentenceEmbedder"]

DEFAULT_MODEL_DIR: Final[Path] = Path(__file__).resolve().parent / "models" / "minilm-l6-v2-int8"
"""The int8 all-MiniLM-L6-v2 folder shipped as package data."""

EMBEDDING_DIM: Final[int] = 384
"""Width of every vector this embedder returns."""

MAX_TOKENS: Final[int] = 128
"""Longer inputs are truncated; all-MiniLM-L6-v2 was trained on sequences of at most 128 tokens."""

DEFAULT_BATCH_SIZE: Final[int] = 32
"""Texts per onnxruntime call in :meth:`SentenceEmbedder.embed`: bounds memory on a large corpus."""

_MODEL_FILE: Final[str] = "model.onnx"
_TOKENIZER_FILE: Final[str] = "tokenizer.json"
_OUTPUT_NAME: Final[str] = "last_hidden_state"

Embeddings = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class _Runtime:
    tokenizer: Tokenizer
    session: ort.InferenceSession
    wants_token_type_ids: bool


class SentenceEmbedder:
    """Turns text into L2-normalised 384-dim vectors (cosine similarity is a dot product).

    The model is loaded on first use (or by :meth:`load`), once, under a lock; afterwards
    :meth:`embed` may be called from many threads at once, since an onnxruntime session
    supports concurrent ``run`` calls.

    ``intra_op_threads`` defaults to 1. Measured on the 2-core machine: with two concurrent
    callers, one thread per call gave the highest throughput and the shortest p99 and leaves a
    core to the event loop. Two threads (with idle threads sleeping, as configured here) were no
    faster for a lone :meth:`embed_one`; letting them spin cut a lone 40-word call by up to a
    third but doubled p99 under concurrency, so spinning stays off. Two threads pay off for bulk
    :meth:`embed` of a corpus (~1.7x faster at ``batch_size=32``), e.g. in an offline job.

    int8 activations are scaled per onnxruntime call, so a text embedded inside a batch can
    differ from :meth:`embed_one` of the same text by up to ~0.03 cosine (mean ~0.01); see the
    ``batch_size`` argument of :meth:`embed`.
    """

    def __init__(
        self,
        model_dir: Path | str | None = None,
        *,
        intra_op_threads: int = 1,
        max_tokens: int = MAX_TOKENS,
    ) -> None:
        if intra_op_threads < 1:
            raise ValueError("intra_op_threads must be at least 1")
        if max_tokens < 2:
            raise ValueError("max_tokens must leave room for [CLS] and [SEP]")
        self._model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        self._intra_op_threads = intra_op_threads
        self._max_tokens = max_tokens
        self._runtime: _Runtime | None = None
        self._lock = threading.Lock()

    @property
    def model_dir(self) -> Path:
        """Folder holding ``model.onnx`` and ``tokenizer.json``."""
        return self._model_dir

    def model_digest(self) -> str:
        """sha256 of the model file: what a fit learned from these vectors is valid for."""
        path = self._model_dir / _MODEL_FILE
        stat = path.stat()
        return _file_digest(path.resolve(), stat.st_size, stat.st_mtime_ns)

    @property
    def dimension(self) -> int:
        """Width of the vectors returned."""
        return EMBEDDING_DIM

    @property
    def is_loaded(self) -> bool:
        """Whether the tokenizer and the onnxruntime session have been created."""
        return self._runtime is not None

    def load(self) -> None:
        """Load the model now rather than on the first call, e.g. during application start-up."""
        self._ensure_loaded()

    def embed(self, texts: Sequence[str], *, batch_size: int = DEFAULT_BATCH_SIZE) -> Embeddings:
        """Embed ``texts``; returns a float32 array of shape ``(len(texts), 384)`` with unit-length rows.

        Texts are grouped by token length into runs of ``batch_size``, each padded only to its own
        longest member, which keeps padding (and memory) small for a large corpus. int8 activations
        are scaled per run, so a row can differ from :meth:`embed_one` of the same text by up to
        ~0.03 cosine; pass ``batch_size=1`` when vectors must not depend on their batch-mates.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of strings; use embed_one() for a single text")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        result: Embeddings = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        if len(texts) == 0:
            return result
        runtime = self._ensure_loaded()
        encodings = runtime.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encodings)), key=lambda index: len(encodings[index].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            result[rows] = self._forward(runtime, [encodings[row] for row in rows])
        return result

    def embed_one(self, text: str) -> Embeddings:
        """Embed a single text; returns a unit-length float32 vector of shape ``(384,)``."""
        runtime = self._ensure_loaded()
        vector: Embeddings = self._forward(runtime, [runtime.tokenizer.encode(text)])[0]
        return vector

    def _ensure_loaded(self) -> _Runtime:
        runtime = self._runtime
        if runtime is not None:
            return runtime
        with self._lock:
            if self._runtime is None:
                self._runtime = self._create_runtime()
            return self._runtime

    def _create_runtime(self) -> _Runtime:
        model_path = self._model_dir / _MODEL_FILE
        tokenizer_path = self._model_dir / _TOKENIZER_FILE
        for path in (model_path, tokenizer_path):
            if not path.is_file():
                raise FileNotFoundError(
                    f"{path} is missing; regenerate the folder with scripts/export_embedding_model.py"
                )

        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        # The shipped tokenizer.json pads every input to 128 tokens; _forward pads per batch instead.
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self._max_tokens)

        options = ort.SessionOptions()
        options.intra_op_num_threads = self._intra_op_threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Shapes change with every input, so memory-pattern planning cannot be reused.
        options.enable_mem_pattern = False
        # Idle pool threads must not spin on the core that serves other requests.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        input_names = {node.name for node in session.get_inputs()}
        return _Runtime(
            tokenizer=tokenizer,
            session=session,
            wants_token_type_ids="token_type_ids" in input_names,
        )

    @staticmethod
    def _forward(runtime: _Runtime, encodings: Sequence[Encoding]) -> Embeddings:
        width = max(len(encoding.ids) for encoding in encodings)
        input_ids = np.zeros((len(encodings), width), dtype=np.int64)  # 0 is [PAD]
        attention_mask = np.zeros((len(encodings), width), dtype=np.int64)
        token_type_ids = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            length = len(encoding.ids)
            input_ids[row, :length] = encoding.ids
            attention_mask[row, :length] = encoding.attention_mask
            token_type_ids[row, :length] = encoding.type_ids
        feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
        if runtime.wants_token_type_ids:
            feeds["token_type_ids"] = token_type_ids
        outputs = runtime.session.run([_OUTPUT_NAME], feeds)
        hidden: npt.NDArray[np.float32] = np.asarray(outputs[0], dtype=np.float32)
        return _mean_pool_and_normalise(hidden, attention_mask)


@functools.lru_cache(maxsize=8)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """Keyed by size and mtime too, so a file replaced in place is hashed again (about 0.1 s for the
    shipped 23 MB, once per process)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _mean_pool_and_normalise(
    hidden: npt.NDArray[np.float32], attention_mask: npt.NDArray[np.int64]
) -> Embeddings:
    """Average the token vectors that are not padding, then scale each row to unit length."""
    mask = attention_mask.astype(np.float32)[:, :, np.newaxis]
    summed = (hidden * mask).sum(axis=1)
    counts = np.clip(mask.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    result: Embeddings = (pooled / norms).astype(np.float32, copy=False)
    return result
