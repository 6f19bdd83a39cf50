// FaceGate account page: times in the browser's time zone, and a confirmation before destructive forms
// (those with data-confirm: deleting a face image, removing Face ID, deleting the account).
(function () {
  'use strict';
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  document.querySelectorAll('time.local-time').forEach((el) => {
    const when = new Date(el.getAttribute('datetime'));
    if (!Number.isNaN(when.getTime())) {
      el.title = el.textContent;   // the UTC text stays available
      el.textContent = format.format(when);
    }
  });
  document.querySelectorAll('form[data-confirm]').forEach((form) => {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}());
