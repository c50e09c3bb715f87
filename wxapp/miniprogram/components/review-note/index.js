/**
 * The reviewer's note (审核意见) on one field, shown under it while the applicant edits
 * after a rejection; nothing when empty. Styled apart from <field-error> (a check's verdict).
 * <review-note message="{{notes.photo_file_id}}"/>
 */
Component({
  properties: {
    message: { type: String, value: '' },
  },
})
