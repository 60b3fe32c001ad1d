"""Random-weight Shap-E and Stable Diffusion pipelines built from configs (no download).

Used by scripts/make_tiny_models.py (tiny sizes, saved for the tests) and scripts/bench_gpu.py
(the real architectures, so timings and memory are those of the real models). Weights are
random; only the shapes follow the published models.

The CLIP tokenizer is built here too: a byte-level BPE vocabulary (every byte as a symbol, with
and without the end-of-word mark) plus merges learnt from a few words we use in prompts.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

TINY_WORDS = ("a", "the", "of", "wooden", "stone", "market", "stall", "barrel", "crate", "well",
              "torch", "weathered", "tileable", "texture", "seamless", "material")


def _byte_symbols() -> list[str]:
    """Byte -> printable symbol, as byte-level BPE vocabularies spell bytes: printable Latin-1
    bytes stand for themselves, every other byte is shifted above 255 in order."""
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    out, extra = {}, 0
    for b in range(256):
        if b in keep:
            out[b] = chr(b)
        else:
            out[b] = chr(256 + extra)
            extra += 1
    return [out[b] for b in range(256)]


def write_clip_tokenizer_files(folder: Path, words: tuple[str, ...] = TINY_WORDS) -> tuple[Path, Path]:
    """vocab.json and merges.txt of a small CLIP-style BPE tokenizer."""
    folder.mkdir(parents=True, exist_ok=True)
    symbols = _byte_symbols()
    vocab: list[str] = symbols + [s + "</w>" for s in symbols]
    merges: list[tuple[str, str]] = []
    # Greedy merges left to right for each word: enough for real merge steps to happen.
    for word in words:
        parts = list(word[:-1]) + [word[-1] + "</w>"]
        while len(parts) > 1:
            pair = (parts[0], parts[1])
            if pair not in merges:
                merges.append(pair)
                vocab.append(pair[0] + pair[1])
            parts = [parts[0] + parts[1]] + parts[2:]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    index = {tok: i for i, tok in enumerate(dict.fromkeys(vocab))}
    vocab_path, merges_path = folder / "vocab.json", folder / "merges.txt"
    vocab_path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    merges_path.write_text("#version: 0.2\n" + "\n".join(f"{a} {b}" for a, b in merges) + "\n",
                           encoding="utf-8")
    return vocab_path, merges_path


def clip_tokenizer(folder: Path) -> Any:
    from transformers import CLIPTokenizer

    vocab, merges = write_clip_tokenizer_files(folder)
    return CLIPTokenizer(str(vocab), str(merges), model_max_length=77)


# ---- Shap-E ----------------------------------------------------------------------------------

SHAP_E_FULL = {
    "prior": dict(num_attention_heads=16, attention_head_dim=64, num_layers=24, embedding_dim=1024,
                  num_embeddings=1024, additional_embeddings=0, time_embed_act_fn="gelu",
                  norm_in_type="layer", embedding_proj_norm_type="layer", encoder_hid_proj_type=None,
                  added_emb_type=None, time_embed_dim=4096, embedding_proj_dim=768, clip_embed_dim=2048),
    "text": dict(hidden_size=768, intermediate_size=3072, num_attention_heads=12, num_hidden_layers=12,
                 projection_dim=768, vocab_size=49408, max_position_embeddings=77),
    "renderer": dict(d_latent=1024, d_hidden=256, n_output=12, n_hidden_layers=6),
}
SHAP_E_TINY = {
    "prior": dict(num_attention_heads=2, attention_head_dim=8, num_layers=1, embedding_dim=16,
                  num_embeddings=32, additional_embeddings=0, time_embed_act_fn="gelu",
                  norm_in_type="layer", embedding_proj_norm_type="layer", encoder_hid_proj_type=None,
                  added_emb_type=None, time_embed_dim=32, embedding_proj_dim=16, clip_embed_dim=32),
    "text": dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2,
                 projection_dim=16, vocab_size=1000, max_position_embeddings=77),
    "renderer": dict(d_latent=16, d_hidden=8, n_output=12, n_hidden_layers=6),
}


def shap_e_pipeline(cfg: dict[str, dict[str, Any]], tokenizer: Any, seed: int = 0) -> Any:
    import torch
    from diffusers import HeunDiscreteScheduler, PriorTransformer, ShapEPipeline
    from diffusers.pipelines.shap_e import ShapERenderer
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    from backend.generators.marching_cubes import fill_mesh_decoder

    torch.manual_seed(seed)
    prior = PriorTransformer(**cfg["prior"])
    text = CLIPTextModelWithProjection(CLIPTextConfig(
        bos_token_id=len(tokenizer) - 2, eos_token_id=len(tokenizer) - 1, pad_token_id=0,
        layer_norm_eps=1e-5, **cfg["text"]))
    r = cfg["renderer"]
    d = r["d_hidden"]
    renderer = ShapERenderer(
        param_names=tuple(f"nerstf.mlp.{i}.weight" for i in range(4)),
        param_shapes=((d, 93), (d, d), (d, d), (d, d)), background=(255.0, 255.0, 255.0), **r)
    # A random signed-distance head is as often outside as inside; lean it inside so a random
    # latent decodes to a closed, non-empty surface (the decoder closes the grid's border).
    with torch.no_grad():
        renderer.mlp.mlp[-1].bias[0] = 0.25
    fill_mesh_decoder(renderer)
    # Shap-E's published scheduler settings.
    scheduler = HeunDiscreteScheduler(beta_schedule="exp", num_train_timesteps=1024,
                                      prediction_type="sample", use_karras_sigmas=True,
                                      clip_sample=True, clip_sample_range=1.0)
    return ShapEPipeline(prior=prior, text_encoder=text, tokenizer=tokenizer, scheduler=scheduler,
                         shap_e_renderer=renderer)


# ---- Stable Diffusion (1.5-class) -------------------------------------------------------------

SD_FULL = {
    "unet": dict(sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
                 block_out_channels=(320, 640, 1280, 1280), cross_attention_dim=768,
                 attention_head_dim=8,
                 down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
                 up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3),
    "vae": dict(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2,
                block_out_channels=(128, 256, 512, 512), sample_size=512,
                down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4),
    "text": dict(hidden_size=768, intermediate_size=3072, num_attention_heads=12, num_hidden_layers=12,
                 vocab_size=49408, max_position_embeddings=77),
}
SD_TINY = {
    "unet": dict(sample_size=32, in_channels=4, out_channels=4, layers_per_block=1,
                 block_out_channels=(8, 16), cross_attention_dim=32, attention_head_dim=2,
                 norm_num_groups=4,
                 down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                 up_block_types=("CrossAttnUpBlock2D", "UpBlock2D")),
    "vae": dict(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=1,
                block_out_channels=(8, 16), norm_num_groups=4, sample_size=64,
                down_block_types=("DownEncoderBlock2D",) * 2, up_block_types=("UpDecoderBlock2D",) * 2),
    "text": dict(hidden_size=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2,
                 vocab_size=1000, max_position_embeddings=77),
}


def sd_pipeline(cfg: dict[str, dict[str, Any]], tokenizer: Any, seed: int = 0) -> Any:
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(**cfg["unet"])
    vae = AutoencoderKL(**cfg["vae"])
    text = CLIPTextModel(CLIPTextConfig(bos_token_id=len(tokenizer) - 2, eos_token_id=len(tokenizer) - 1,
                                        pad_token_id=0, layer_norm_eps=1e-5, **cfg["text"]))
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                              clip_sample=False, set_alpha_to_one=False, steps_offset=1)
    return StableDiffusionPipeline(vae=vae, text_encoder=text, tokenizer=tokenizer, unet=unet,
                                   scheduler=scheduler, safety_checker=None, feature_extractor=None,
                                   requires_safety_checker=False)


#: Generation defaults the backend reads from each folder (diffusion_models.OPTIONS_FILE): a
#: handful of steps and a coarse grid, so a test job takes a second on a CPU.
TINY_OPTIONS = {
    "shap-e": {"steps": 4, "guidance_scale": 3.0, "grid_size": 32},
    "stable-diffusion": {"steps": 3, "guidance_scale": 3.0, "max_sample_size": 64},
}


def build_tiny_models(out: Path, options: dict[str, dict] | None = None) -> dict[str, Path]:
    """Tiny random-weight pipelines saved into ``out`` (shap-e/, stable-diffusion/) with the
    backend's per-folder options; returns the folders."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer = clip_tokenizer(Path(tmp))
        shap_e = shap_e_pipeline(SHAP_E_TINY, tokenizer)
        sd = sd_pipeline(SD_TINY, tokenizer)
    paths = {"shap-e": out / "shap-e", "stable-diffusion": out / "stable-diffusion"}
    shap_e.save_pretrained(paths["shap-e"])
    sd.save_pretrained(paths["stable-diffusion"])
    for key, opts in (options or TINY_OPTIONS).items():
        (paths[key] / "worldsmith.json").write_text(json.dumps(opts, indent=2) + "\n", encoding="utf-8")
    return paths
