"""Seamless textures from a diffusion model: circular padding in every convolution.

A convolution near the image border sees zeros (its padding) where a tiling texture should see
the opposite border. Switching each ``nn.Conv2d`` of the UNet and the VAE to
``padding_mode="circular"`` makes the network treat the image as a torus, so what it makes
wraps around. The switch is undone on exit, so the same loaded pipeline also serves callers
that want ordinary images.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator


def _convs(pipe: Any) -> list[Any]:
    import torch  # noqa: PLC0415

    convs = []
    for part in (getattr(pipe, "unet", None), getattr(pipe, "vae", None)):
        if part is None:
            continue
        convs += [m for m in part.modules() if isinstance(m, torch.nn.Conv2d)]
    return convs


@contextmanager
def circular_padding(pipe: Any, enabled: bool = True) -> Iterator[int]:
    """Yield the number of convolutions switched; restore their padding modes afterwards."""
    if not enabled:
        yield 0
        return
    saved = [(conv, conv.padding_mode) for conv in _convs(pipe)]
    for conv, _ in saved:
        # Conv2d.forward pads with F.pad(mode=padding_mode) whenever it is not "zeros", using
        # the padding it was built with, so changing the mode alone is enough.
        conv.padding_mode = "circular"
    try:
        yield len(saved)
    finally:
        for conv, mode in saved:
            conv.padding_mode = mode
