"""The application form: its sections, their fields, and which uploads go where.

Field paths are `section.field` everywhere (API errors, the completeness list, the mini-program's
jump-to-field), e.g. `basic.id_number`, `certificates[0].name`, `specialties.primary.level3`.
"""
from __future__ import annotations

SECTION_LABELS = {
    "basic": "基本信息",
    "qualification": "资格信息",
    "certificates": "职业资格证书",
    "evaluation": "参评信息",
    "specialties": "评标专业",
    "experience": "工作经历",
    "avoidance_units": "回避单位",
    "renewal": "续聘信息",
    "commitment": "诚信承诺书",
}

# section -> fields an applicant may save (column names of Application, except where noted)
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "basic": ("name", "gender", "id_number", "birth", "political_affiliation", "prefecture_code",
              "title", "title_level", "education", "degree", "school", "major", "photo_file_id",
              "id_card_front_file_id", "id_card_back_file_id", "title_certificate_file_id",
              "education_proof_file_id"),
    "qualification": ("profession_level1", "profession_level2", "years_of_practice", "work_unit",
                      "unit_credit_code", "unit_credit_code_confirmed", "unit_office_phone"),
    "evaluation": ("accepts_remote_evaluation", "willing_emergency_expert", "email", "backup_mobile"),
    "specialties": ("primary", "alternate"),
    "experience": ("work_experience", "evaluation_experience"),
    "renewal": ("kind",),
    "commitment": ("commitment_letter_file_id",),
}

FIELD_LABELS = {
    "name": "姓名", "gender": "性别", "id_number": "身份证号码", "birth": "出生年月",
    "political_affiliation": "政治面貌", "prefecture_code": "所在市州", "title": "职称",
    "title_level": "职称级别", "education": "最高学历", "degree": "最高学位", "school": "毕业院校",
    "major": "所学专业", "photo_file_id": "一寸免冠照", "id_card_front_file_id": "身份证正面（国徽面）",
    "id_card_back_file_id": "身份证反面（人像面）", "title_certificate_file_id": "职称证书文件",
    "education_proof_file_id": "学历证明文件", "profession_level1": "从事专业类别（一级）",
    "profession_level2": "从事专业类别（二级）", "years_of_practice": "从事专业年限",
    "work_unit": "工作单位名称", "unit_credit_code": "工作单位统一社会信用代码",
    "unit_office_phone": "工作单位办公电话", "accepts_remote_evaluation": "是否接受异地评标",
    "willing_emergency_expert": "是否愿意成为应急专家", "email": "电子邮箱", "backup_mobile": "备用手机号",
    "work_experience": "工作经历", "evaluation_experience": "评标经历", "kind": "新增或续聘",
    "commitment_letter_file_id": "诚信承诺书",
}

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "basic": ("name", "gender", "id_number", "birth", "photo_file_id", "id_card_front_file_id",
              "id_card_back_file_id", "political_affiliation", "prefecture_code", "title",
              "title_level", "title_certificate_file_id", "education_proof_file_id"),
    "qualification": ("profession_level1", "profession_level2", "years_of_practice", "work_unit"),
    "evaluation": ("accepts_remote_evaluation", "willing_emergency_expert", "email"),
    "experience": ("work_experience", "evaluation_experience"),
    "renewal": ("kind",),
    "commitment": ("commitment_letter_file_id",),
}

TEXT_LIMITS = {"name": 30, "title": 30, "school": 50, "major": 50, "work_unit": 50,
               "unit_office_phone": 15, "email": 30, "work_experience": 2000,
               "evaluation_experience": 1000}
CERTIFICATE_LIMITS = {"name": 50, "registration_number": 50}
AVOIDANCE_UNIT_LIMITS = {"name": 100, "description": 200}
MAX_LIST_ITEMS = 30
NONE_MARK = "无"


def section_of(field: str) -> str:
    """The section a field path belongs to: `basic.name` → basic, `certificates[0].name` → certificates."""
    return field.split(".", 1)[0].split("[", 1)[0]

