from django.urls import path

from claims.views import archive, claim_form, claim_list, claim_page, dashboard, directory, export, intake, jobs, review

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("claims/", claim_list.claim_list, name="claim-list"),
    path("review/", review.review_queue, name="review-queue"),
    path("exports/", export.export_page, name="export"),
    path("exports/start/", export.export_start, name="export-start"),
    path("jobs/<uuid:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<uuid:pk>/download/", jobs.job_download, name="job-download"),
    path("claims/bulk/", claim_list.claim_bulk, name="claim-bulk"),
    path("claims/new/", claim_form.claim_create, name="claim-create"),
    path("claims/<int:pk>/", claim_page.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/edit/", claim_form.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/panel/<slug:panel>/", claim_page.claim_panel, name="claim-panel"),
    path("claims/<int:pk>/transition/", claim_page.claim_transition, name="claim-transition"),
    path("claims/<int:pk>/assign/", claim_page.claim_assign, name="claim-assign"),
    path("claims/<int:pk>/verdict/", claim_page.verdict_save, name="verdict-save"),
    path("claims/<int:pk>/evidence/", claim_page.evidence_add, name="evidence-add"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/edit/", claim_page.evidence_edit, name="evidence-edit"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/delete/", claim_page.evidence_delete, name="evidence-delete"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/archive/", archive.evidence_archive, name="evidence-archive"),
    path("claims/<int:pk>/comments/", claim_page.comment_add, name="comment-add"),
    path("claimants/", directory.claimant_list, name="claimant-list"),
    path("claimants/suggest/", claim_form.claimant_suggest, name="claimant-suggest"),
    path("claimants/<int:pk>/", directory.claimant_detail, name="claimant-detail"),
    path("sources/", directory.source_list, name="source-list"),
    path("sources/<int:pk>/", directory.source_detail, name="source-detail"),
    path("sources/<int:pk>/archive/", archive.source_archive, name="source-archive"),
    path("sources/<int:pk>/review/", intake.candidate_review, name="candidate-review"),
    path("sources/<int:pk>/review/accept/", intake.candidates_accept_selected, name="candidates-accept"),
    path("import/", intake.import_source, name="import"),
    path("candidates/<int:pk>/accept/", intake.candidate_accept, name="candidate-accept"),
    path("candidates/<int:pk>/dismiss/", intake.candidate_dismiss, name="candidate-dismiss"),
    path("candidates/<int:pk>/similar/", intake.candidate_similar, name="candidate-similar"),
    path("claims/<int:pk>/similar/", claim_page.claim_similar, name="claim-similar"),
]
