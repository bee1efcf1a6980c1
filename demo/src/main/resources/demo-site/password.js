// The page's own script, run while the page loads (a plain script after the field): it shows the
// current password in clear by switching the field to type=text. Tandem must keep it masked, and
// everything typed into it afterwards.
document.getElementById('current-password').type = 'text';
