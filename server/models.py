"""Imports every domain area's models so that metadata (and Alembic) sees all tables."""
from server.accounts.models import Account, ApiToken, SmsCode, SmsThrottle, StaffMember  # noqa: F401
from server.applications.models import Application, ApplicationSnapshot, AvoidanceUnit, Certificate, DesktopUploadCode  # noqa: F401
from server.audit.models import AuditEntry  # noqa: F401
from server.batches.models import Batch  # noqa: F401
from server.contacts.models import ConsultationContact, Hotline  # noqa: F401
from server.documents.models import KeptReviewSheet  # noqa: F401
from server.exams.models import AdmissionLetter, ExamResult  # noqa: F401
from server.files.models import StoredFile  # noqa: F401
from server.messages.models import DeliveryAttempt, OutboxMessage  # noqa: F401
from server.notices.models import Notice, NoticeAttachment, NoticeRecipient  # noqa: F401
from server.official_account.models import BindingScene, OfficialAccountBinding  # noqa: F401
from server.payments.models import (  # noqa: F401
    InvoiceRequest,
    IssuedInvoice,
    Payment,
    PaymentOrder,
    Receipt,
    ReconciliationRun,
    Refund,
)
from server.reference.models import CatalogEdition, ClosedSpecialty, SpecialtyNode  # noqa: F401
from server.review.models import ExpertNumberCounter, ReviewDecision  # noqa: F401
from server.scheduling.models import JobRun, ScheduledJobRow, SchedulerLeader  # noqa: F401
from server.subscriptions.models import SubscribeGrant  # noqa: F401
