// The console's few behaviours, as a file (the Content-Security-Policy allows no inline script).
// Each finds its elements and does nothing on pages without them.

// Review page: how many fields are marked for the rejection.
(function () {
  var counter = document.getElementById('marked-count');
  if (!counter) return;
  function update() {
    var n = document.querySelectorAll('input[form=reject-form][type=checkbox]:checked').length;
    counter.textContent = n ? '已标记 ' + n + ' 个字段' : '';
  }
  document.addEventListener('change', update);
  update();
})();

// Review queue: select every row for the bulk approval.
(function () {
  var selectAll = document.getElementById('select-all');
  if (selectAll) selectAll.addEventListener('change', function (event) {
    document.querySelectorAll('input[name=application_id]').forEach(function (box) { box.checked = event.target.checked; });
  });
})();
