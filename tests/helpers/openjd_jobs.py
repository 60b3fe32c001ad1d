"""Jobs as a farm would create them from a bundle (openjd-model), for the bundle tests."""

from __future__ import annotations

import json
from pathlib import Path


def make_job(bundle, tmp_path: Path, **overrides):
    """The job a farm would create from the bundle's values (strings, as a submitter sends them)."""
    from openjd import model as openjd_model

    template = openjd_model.decode_job_template(template=json.loads(json.dumps(bundle.template)))
    values = {k: str(v) for k, v in {**bundle.values, **overrides}.items()}
    params = openjd_model.preprocess_job_parameters(job_template=template, job_parameter_values=values,
                                                    job_template_dir=tmp_path, current_working_dir=tmp_path)
    return openjd_model.create_job(job_template=template, job_parameter_values=params)


def tasks(step) -> list[dict[str, str]]:
    """Each task's parameter values of a job step."""
    from openjd import model as openjd_model

    return [{k: p.value for k, p in t.items()} for t in openjd_model.StepParameterSpaceIterator(space=step.parameterSpace)]
