"""The organisations our documents name, spelled as the seed spells them."""

# Runs the fee, the receipts and invoices, the training and exam notices.
ASSOCIATION_NAME = "新疆建设工程招标投标协会"
# What an admitted expert joins (the commitment letter names the same experts).
EXPERT_POOL_NAME = "新疆维吾尔自治区房屋建筑和市政基础设施工程评标专家库"
