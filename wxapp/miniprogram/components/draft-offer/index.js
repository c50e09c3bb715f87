/**
 * Input kept on the phone from an earlier visit that was never saved (a crash, a back tap): when
 * it was typed, and 恢复 / 放弃. Fires "restore" or "discard"; nothing shows without an offer.
 *
 * <draft-offer id="draft-offer" saved-text="{{draftOffer.savedText}}" wx:if="{{draftOffer}}"
 *   bind:restore="onRestoreDraft" bind:discard="onDiscardDraft"/>
 */
Component({
  properties: {
    savedText: { type: String, value: '' },
  },

  methods: {
    onRestore() {
      this.triggerEvent('restore')
    },

    onDiscard() {
      this.triggerEvent('discard')
    },
  },
})
