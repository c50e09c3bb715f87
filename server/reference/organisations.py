"""The organisations our documents name, spelled as the seed spells them."""

# Runs the fee, the receipts and invoices, the training and exam notices.
ASSOCIATION_NAME = "新疆建设工程招标投标协会"
# The experts applicants apply to be, as the seed's 《新疆维吾尔自治区房屋建筑和市政基础设施工程评标专家管理办法》
# names them: the review sheet's title, the commitment letter and the admission letter all say it.
REGION = "新疆维吾尔自治区"
POOL_EXPERTS = "房屋建筑和市政基础设施工程评标专家"
# What an admitted expert joins.
EXPERT_POOL_NAME = f"{REGION}{POOL_EXPERTS}库"
