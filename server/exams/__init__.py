"""Exam results (培训考试结果) and the admission letter (入库通知书).

Association staff record results one by one or from an Excel file that is checked whole first;
each result moves a paid application to admitted or failed through the lifecycle and queues its
message (`exam_admitted`, `exam_failed`). An admitted expert's letter is rendered once, on first
request, stored, and checkable through the QR code on it (`/verify/admission/<token>`).
"""
