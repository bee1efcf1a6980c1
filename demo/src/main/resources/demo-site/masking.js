// The demo page's own script, as a real site would have: it reveals a password field (type switch)
// and copies the IBAN into other fields through the value attribute, the way frameworks do.
// Tandem must mask all of them.
document.getElementById('reveal').addEventListener('click', function () {
  document.getElementById('pin-shown').type = 'text';
});
document.getElementById('fill').addEventListener('click', function () {
  var field = document.getElementById('framework');
  var value = document.getElementById('iban').value;
  field.setAttribute('value', value);
  field.value = value;
  document.getElementById('token').value = value;
  document.getElementById('token').setAttribute('value', value);
});
