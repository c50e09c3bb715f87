/**
 * The foot of a section page: 保存并下一项 (when there is a next section) and 保存, with a line
 * saying there are unsaved changes. Fires "save" or "savenext"; the page's section behaviour does
 * the work (behaviors/application-section.js).
 *
 * <section-actions id="section-actions" wx:if="{{editable}}" dirty="{{dirty}}" next-title="{{nextSection.title}}"
 *   saving="{{saving}}" busy="{{busy}}" bind:save="onSave" bind:savenext="onSaveNext"/>
 */
Component({
  properties: {
    dirty: { type: Boolean, value: false },
    nextTitle: { type: String, value: '' },
    saving: { type: Boolean, value: false },
    busy: { type: Boolean, value: false },
  },

  methods: {
    onSave() {
      if (!this.data.saving && !this.data.busy) this.triggerEvent('save')
    },

    onSaveNext() {
      if (!this.data.saving && !this.data.busy) this.triggerEvent('savenext')
    },
  },
})
