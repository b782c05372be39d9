"""GB/T 27922-2011 rules as data, and the functions that apply them.

>>> from calculator import score
>>> result = score({"categories": {"service_system": 38, "goods_service": 33, "customer_service": 24}})
>>> result["score"], result["grade_label"]
(95, '五星级')
"""

from calculator._api import run, score, staffing
from calculator._datafile import ProfileError
from calculator._inputs import InputError
from calculator._profile import Profile
from calculator._profile_reader import default_profile, load_profile, parse_profile

__all__ = [
    "InputError",
    "Profile",
    "ProfileError",
    "default_profile",
    "load_profile",
    "parse_profile",
    "run",
    "score",
    "staffing",
]
__version__ = "0.1.0"
