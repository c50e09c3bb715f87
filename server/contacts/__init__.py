"""Where applicants ask: each prefecture's policy-consultation contacts (the seed's 附件4, 各地州市
评标专家报名咨询方式) and the association's two hotlines, kept by association staff."""
